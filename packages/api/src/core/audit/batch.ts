import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { knexOf } from '../../db/knex';

/** An audit event as the subscriber builds it (entity property names). */
export interface AuditData {
  bureau: string;
  actor: string | null;
  actorName: string;
  role: string | null;
  action: string;
  resource: string;
  recordId: string;
  fields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

const buffers = new WeakMap<object, AuditData[]>();

/** The events a bulk write is collecting on this EntityManager, if it is collecting. */
export function auditBuffer(em: EntityManager): AuditData[] | undefined {
  return buffers.get(em);
}

export function collectAudit(em: EntityManager): void {
  buffers.set(em, []);
}

export function stopCollectingAudit(em: EntityManager): void {
  buffers.delete(em);
}

const COLUMNS = ['id', 'version', 'created_at', 'updated_at', 'bureau_id', 'actor_id', 'actor_name', 'role', 'action', 'resource', 'record_id', 'fields', 'before', 'after', 'request_id'];

/** Inserts the collected events in the EntityManager's transaction, 500 per statement, and empties the buffer. */
export async function writeCollectedAudit(em: EntityManager): Promise<void> {
  const rows = buffers.get(em);
  if (!rows?.length) return;
  buffers.set(em, []);
  const now = new Date();
  const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    // Bound parameters, not the ORM's inlined values: cheaper at this volume.
    await knexOf(em).raw(
      `insert into audit_event (${COLUMNS.join(', ')}) values ${batch.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}`,
      batch.flatMap((e) => [randomUUID(), 1, now, now, e.bureau, e.actor, e.actorName, e.role, e.action, e.resource, e.recordId, json(e.fields), json(e.before), json(e.after), e.requestId]),
    );
  }
}
