import type { EntityManager } from '@mikro-orm/postgresql';
import { Sql } from '../core/report/sql';
import { pgArray } from '../db/knex';
import type { Fact, ReminderRule } from './reminders';

/** What a scan or a single check raised: reminders written, and the channel messages to send. */
export interface Raised {
  notified: number;
  deliveries: string[];
}

// Raising is serialised across processes (a scan and a visit's own check may meet): one lock.
const LOCK = `select pg_advisory_xact_lock(hashtext('jiafang:reminders'))`;

/**
 * Writes the rule's facts as reminders, one per recipient and fact (the unique index drops those
 * already raised), and, for each active channel of the fact's school or of the whole county that
 * takes the kind, one message per school over the facts the channel has not been told of yet.
 */
export async function raise(em: EntityManager, rule: ReminderRule, facts: Fact[]): Promise<Raised> {
  if (!facts.length) return { notified: 0, deliveries: [] };
  return em.transactional(async (tx) => {
    // On the transaction's own connection, so the lock is held until it commits.
    await tx.getConnection().execute(LOCK, [], 'all', tx.getTransactionContext());
    const rows = facts.flatMap((f) =>
      f.recipients.map((recipient) => ({
        bureau_id: f.bureauId, recipient_id: recipient, kind: f.kind, title: f.title, body: f.body, school_id: f.schoolId,
        subject_type: f.subject?.type ?? null, subject_id: f.subject?.id ?? null, fact_key: f.key,
      })),
    );
    let notified = 0;
    if (rows.length) {
      const sql = new Sql();
      const inserted = await sql.run(tx as EntityManager, `
        insert into notification (id, version, created_at, updated_at, bureau_id, recipient_id, kind, title, body, school_id, subject_type, subject_id, fact_key)
        select gen_random_uuid(), 1, now(), now(), x.bureau_id, x.recipient_id, x.kind, x.title, x.body, x.school_id, x.subject_type, x.subject_id, x.fact_key
        from json_to_recordset(${sql.v(JSON.stringify(rows))}::json) as x(bureau_id uuid, recipient_id uuid, kind text, title text, body text, school_id uuid, subject_type text, subject_id text, fact_key text)
        on conflict (recipient_id, fact_key) do nothing returning id`);
      notified = inserted.length;
    }
    return { notified, deliveries: await toChannels(tx as EntityManager, rule, facts) };
  });
}

/** The messages for the channels, written as PENDING deliveries; answers their ids. */
async function toChannels(em: EntityManager, rule: ReminderRule, facts: Fact[]): Promise<string[]> {
  const sql = new Sql();
  const bureaus = [...new Set(facts.map((f) => f.bureauId))];
  const channels = await sql.run<{ id: string; bureau_id: string; school_id: string | null; told: string[] }>(em, `
    select ch.id, ch.bureau_id, ch.school_id,
      array(select k from notification_delivery d, unnest(d.fact_keys) k where d.channel_id = ch.id and d.fact_keys && ${sql.v(pgArray(facts.map((f) => f.key)))}::text[]) as told
    from notification_channel ch
    where ch.active and ch.bureau_id = any(${sql.uuids(bureaus)}) and (cardinality(ch.kinds) = 0 or ${sql.v(rule.kind)} = any(ch.kinds))`);
  const ids: string[] = [];
  for (const ch of channels) {
    const told = new Set(ch.told);
    const fresh = facts.filter((f) => f.bureauId === ch.bureau_id && !told.has(f.key) && (ch.school_id === null || ch.school_id === f.schoolId));
    const bySchool = new Map<string, Fact[]>();
    for (const f of fresh) {
      const group = bySchool.get(f.schoolId ?? '');
      if (group) group.push(f);
      else bySchool.set(f.schoolId ?? '', [f]);
    }
    for (const group of bySchool.values()) {
      const texts = rule.outside(group);
      for (const [i, text] of texts.entries()) {
        const insert = new Sql();
        // The group's keys go with its first message: a rule that splits a group tells each fact once.
        const keys = i === 0 ? group.map((f) => f.key) : [];
        const [row] = await insert.run<{ id: string }>(em, `
          insert into notification_delivery (id, version, created_at, updated_at, bureau_id, channel_id, kind, text, status, attempts, fact_keys)
          values (gen_random_uuid(), 1, now(), now(), ${insert.v(ch.bureau_id)}, ${insert.v(ch.id)}, ${insert.v(rule.kind)}, ${insert.v(text)}, 'PENDING', 0, ${insert.v(pgArray(keys))}::text[])
          returning id`);
        ids.push(row.id);
      }
    }
  }
  return ids;
}
