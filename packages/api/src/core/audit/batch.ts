import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
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

/** Audit events as a COPY load. */
export function auditLoad(events: AuditData[]): CopyLoad {
  const now = new Date();
  return copyLoad(
    'audit_event',
    COLUMNS,
    events.map((e) => [randomUUID(), 1, now, now, e.bureau, e.actor, e.actorName, e.role, e.action, e.resource, e.recordId, e.recordLabel, e.fields, e.before, e.after, e.requestId]),
  );
}

/** Loads the collected events in the EntityManager's transaction, and empties the buffer. */
export async function writeCollectedAudit(em: EntityManager): Promise<void> {
  const events = buffers.get(em);
  if (!events?.length) return;
  buffers.set(em, []);
  await runCopy(em, auditLoad(events));
}
