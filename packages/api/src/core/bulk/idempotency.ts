import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context';
import { badField, conflict } from '../errors';
import type { BulkOutcome } from './run';

/**
 * Idempotency keys of bulk writes: the first call with a key stores its outcome in the same
 * transaction as its rows; a retry with the same key and the same request gets that outcome
 * back (replayed) without writing again. The same key with a different request is refused.
 */
/** The account or API token behind a request. */
const actorOf = (viewer: Viewer) => viewer.tokenId ?? viewer.userId;

export function requestHash(operation: string, args: unknown): string {
  return createHash('sha256').update(operation).update('\0').update(JSON.stringify(args)).digest('hex');
}

export function checkKey(key: string): string {
  if (!/^[\w.:-]{8,200}$/.test(key)) throw badField('idempotencyKey', '幂等键应为8–200位字母、数字或 - _ . :', 'IDEMPOTENCY_KEY_FORMAT');
  return key;
}

interface IdempotencyRecord {
  operation: string;
  request_hash: string;
  outcome: BulkOutcome;
  user_id: string;
}

/** The record a key left in the bureau, if any. */
export async function findRecord(em: EntityManager, viewer: Viewer, key: string): Promise<IdempotencyRecord | null> {
  const [row] = await em.getConnection().execute(
    'select operation, request_hash, outcome, user_id from idempotency_record where bureau_id = ? and key = ?',
    [viewer.bureauId, key],
  );
  return (row as IdempotencyRecord | undefined) ?? null;
}

/** A key used before: CONFLICT unless it was this caller's with this very request. */
export function keyReused(): never {
  throw conflict('该幂等键已用于另一请求，请换一个键', { field: 'idempotencyKey', rule: 'IDEMPOTENCY_KEY_REUSED' });
}

/** The first outcome of a retried request (refused when the key belonged to another request or caller). */
export function replayOf(row: IdempotencyRecord, viewer: Viewer, operation: string, hash: string): BulkOutcome {
  // A key answers only the caller who used it first (another account or token must not read its outcome).
  if (row.operation !== operation || row.request_hash !== hash || row.user_id !== actorOf(viewer)) keyReused();
  return { ...row.outcome, replayed: true };
}

export async function replay(em: EntityManager, viewer: Viewer, key: string, operation: string, hash: string): Promise<BulkOutcome | null> {
  const row = await findRecord(em, viewer, key);
  return row ? replayOf(row, viewer, operation, hash) : null;
}

/** Stores the outcome inside the bulk write's transaction (em is in it). */
export async function remember(em: EntityManager, viewer: Viewer, key: string, operation: string, hash: string, outcome: BulkOutcome): Promise<void> {
  try {
    await em.getConnection().execute(
      'insert into idempotency_record (bureau_id, key, operation, request_hash, outcome, user_id, created_at) values (?, ?, ?, ?, ?, ?, now())',
      [viewer.bureauId, key, operation, hash, JSON.stringify(outcome), actorOf(viewer)],
      'run',
      em.getTransactionContext(),
    );
  } catch (err) {
    // Two requests with one key at once: the one that commits first wins; this one writes nothing.
    if ((err as { code?: string }).code === '23505') {
      throw conflict('同一幂等键的另一请求正在处理或已完成，本次未写入', { field: 'idempotencyKey', rule: 'IDEMPOTENCY_KEY_REUSED' });
    }
    throw err;
  }
}
