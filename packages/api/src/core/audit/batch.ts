import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { escapeLiteral } from 'pg';
import { copyLoad, runCopy, type CopyLoad } from '../../db/copy';

/** An audit event as the subscriber builds it (entity property names). */
export interface AuditData {
  bureau: string;
  actor: string | null;
  actorName: string;
  role: string | null;
  action: string;
  resource: string;
  recordId: string;
  recordLabel: string | null;
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

const COLUMNS = ['id', 'version', 'created_at', 'updated_at', 'bureau_id', 'actor_id', 'actor_name', 'role', 'action', 'resource', 'record_id', 'record_label', 'fields', 'before', 'after', 'request_id'];

/** Each event's row, in COLUMNS' order, with a new id and the same time. */
function auditRows(events: AuditData[]): unknown[][] {
  const now = new Date();
  return events.map((e) => [randomUUID(), 1, now, now, e.bureau, e.actor, e.actorName, e.role, e.action, e.resource, e.recordId, e.recordLabel, e.fields, e.before, e.after, e.requestId]);
}

/** Audit events as a COPY load. */
export function auditLoad(events: AuditData[]): CopyLoad {
  return copyLoad('audit_event', COLUMNS, auditRows(events));
}

/**
 * Audit events as one INSERT with no bound values (the rows as one JSON literal), so it can share
 * a message with the statement after it (db/held-statements.ts).
 */
export function auditInsertSql(events: AuditData[]): string {
  const rows = auditRows(events).map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]])));
  const columns = COLUMNS.map((c) => `"${c}"`).join(', ');
  // A `?` as its JSON escape: the text goes through knex, which reads `?` as a placeholder when a statement has values.
  const json = JSON.stringify(rows).replaceAll('?', '\\u003f');
  // As jsonb, as VIEW events are written (core/audit/view-events.ts).
  return `insert into "audit_event" (${columns}) select ${columns} from jsonb_populate_recordset(null::"audit_event", ${escapeLiteral(json)}::jsonb)`;
}

/** Loads the collected events in the EntityManager's transaction, and empties the buffer. */
export async function writeCollectedAudit(em: EntityManager): Promise<void> {
  const events = buffers.get(em);
  if (!events?.length) return;
  buffers.set(em, []);
  await runCopy(em, auditLoad(events));
}
