import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context';
import { badField, conflict } from '../errors';
import type { BulkOutcome } from './run';
import { knexOf } from '../../db/knex';

/**
 * Idempotency keys of bulk writes: the first call with a key stores its outcome in the same
 * transaction as its rows; a retry with the same key and the same request gets that outcome
 * back (replayed) without writing again. The same key with a different request is refused.
 */

/** The account or API token behind a request (an API token's viewer carries the token's own id). */
const actorOf = (viewer: Viewer) => viewer.userId;

export function requestHash(operation: string, args: unknown): string {
  return createHash('sha256').update(operation).update('\0').update(JSON.stringify(args)).digest('hex');
}

export function checkKey(key: string): string {
  if (!/^[\w.:-]{8,200}$/.test(key)) throw badField('idempotencyKey', '幂等键应为8–200位字母、数字或 - _ . :', 'IDEMPOTENCY_KEY_FORMAT');
  return key;
}

export interface IdempotencyRecord {
  operation: string;
  request_hash: string;
  outcome: BulkOutcome;
  user_id: string;
}

/** How long a copy of a request waits for the first copy to finish before it is told to retry. */
const waitMs = () => Number(process.env.IDEMPOTENCY_WAIT_SECONDS ?? 30) * 1000;

/** The lock of a key in a bureau, as PostgreSQL's 64-bit advisory lock id. */
function lockId(bureauId: string, key: string): string {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(bureauId).update('\0').update(key).digest('hex').slice(0, 16)}`)).toString();
}

/**
 * Claims a key for the transaction `em` is in, and answers the record the key left, if any.
 * Copies of one request sent at once take turns: a copy waits (bounded) until the one holding the
 * key commits or rolls back, then finds its record and replays it; so every copy gets the same
 * answer, and none sees the first copy's rows as conflicts of its own.
 */
export async function claimKey(em: EntityManager, viewer: Viewer, key: string): Promise<IdempotencyRecord | null> {
  const knex = knexOf(em);
  try {
    const { rows: [setting] } = await knex.raw("select current_setting('lock_timeout') as before, set_config('lock_timeout', ?, true)", [`${Math.max(1, Math.round(waitMs()))}ms`]);
    await knex.raw('select pg_advisory_xact_lock(?::bigint)', [lockId(viewer.bureauId, key)]);
    await knex.raw("select set_config('lock_timeout', ?, true)", [setting.before]);
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') inProgress();
    throw err;
  }
  return keyRecord(em, viewer, key);
}

/** The record a key left in the viewer's bureau, if any (read without claiming the key). */
export async function keyRecord(em: EntityManager, viewer: Viewer, key: string): Promise<IdempotencyRecord | null> {
  const { rows } = await knexOf(em).raw('select operation, request_hash, outcome, user_id from idempotency_record where bureau_id = ? and key = ?', [viewer.bureauId, key]);
  return (rows[0] as IdempotencyRecord | undefined) ?? null;
}

function inProgress(): never {
  throw conflict('同一幂等键的请求仍在处理中，请稍后用同一键重试', { field: 'idempotencyKey', rule: 'IDEMPOTENCY_IN_PROGRESS', retryable: true });
}

/** A key used before: CONFLICT unless it was this caller's with this very request. */
export function keyReused(): never {
  throw conflict('该幂等键已用于另一请求，请换一个键', { field: 'idempotencyKey', rule: 'IDEMPOTENCY_KEY_REUSED' });
}

/** The first outcome of a retried request (refused when the key belonged to another request or caller). */
export function replayOf(row: IdempotencyRecord, viewer: Viewer, operation: string, hash: string): BulkOutcome {
  checkSameRequest(row, viewer, operation, hash);
  return { ...row.outcome, replayed: true };
}

/** CONFLICT unless the key's record is this caller's, left by this very request. */
export function checkSameRequest(row: IdempotencyRecord, viewer: Viewer, operation: string, hash: string): void {
  // A key answers only the caller who used it first (another account or token must not read its outcome).
  if (row.operation !== operation || row.request_hash !== hash || row.user_id !== actorOf(viewer)) keyReused();
}

/** Stores the outcome inside the bulk write's transaction (em is in it). */
export async function remember(em: EntityManager, viewer: Viewer, key: string, operation: string, hash: string, outcome: BulkOutcome): Promise<void> {
  try {
    await knexOf(em).raw(
      'insert into idempotency_record (bureau_id, key, operation, request_hash, outcome, user_id, created_at) values (?, ?, ?, ?, ?, ?, now())',
      [viewer.bureauId, key, operation, hash, JSON.stringify(outcome), actorOf(viewer)],
    );
  } catch (err) {
    // Only when the key was not claimed first (claimKey): another copy committed meanwhile; a retry replays it.
    if ((err as { code?: string }).code === '23505') inProgress();
    throw err;
  }
}
