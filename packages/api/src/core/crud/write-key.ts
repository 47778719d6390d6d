import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context';
import { conflict } from '../errors';
import { checkKey, claimKey, remember, replayOf } from '../bulk/idempotency';
import { knexOf } from '../../db/knex';

/**
 * A single write sent with an `Idempotency-Key` header (the admin's offline queue, a script that
 * retries): the key is claimed in the write's own transaction and stored with the ids it wrote,
 * so a copy sent again (the answer was lost on the road, a second tab replays the queue) writes
 * nothing and gets the first answer back. The bulk writes' keys, in the same table.
 */
export interface WriteKey {
  key: string;
  /** Of the request's query, operation name and variables: a key answers only its own request. */
  hash: string;
  /** Claimed by this request's first flush; later flushes of the same request are part of it. */
  claimed?: boolean;
  /** Written by this request: its answer is stored for the copies (http/idempotent-replies.ts). */
  written?: boolean;
}

/** The key's row operation: single writes over GraphQL, apart from bulk runs and imports. */
export const SINGLE_WRITE = 'graphql';

/** Claims the key in the transaction `em` is in; refuses with ALREADY_APPLIED when a copy wrote first. */
export async function claimWrite(em: EntityManager, viewer: Viewer, claim: WriteKey): Promise<void> {
  claim.claimed = true;
  const prior = await claimKey(em, viewer, checkKey(claim.key));
  if (!prior) return;
  const outcome = replayOf(prior, viewer, SINGLE_WRITE, claim.hash) as unknown as { ids?: string[] };
  throw alreadyApplied(outcome.ids ?? []);
}

/** Records the key with the ids written, in the write's transaction. */
export async function rememberWrite(em: EntityManager, viewer: Viewer, claim: WriteKey, ids: string[]): Promise<void> {
  await remember(em, viewer, claim.key, SINGLE_WRITE, claim.hash, { ids } as never);
  claim.written = true;
}

/** The first copy's answer, once stored; null while it is still on its way (or was never stored). */
export async function storedAnswer(em: EntityManager, viewer: Viewer, key: string): Promise<unknown> {
  const { rows } = await knexOf(em).raw("select outcome -> 'answer' as answer from idempotency_record where bureau_id = ? and key = ? and user_id = ?", [viewer.bureauId, key, viewer.userId]);
  return rows[0]?.answer ?? null;
}

/** Keeps the answer of the write that claimed the key, for its copies. */
export async function storeAnswer(em: EntityManager, viewer: Viewer, key: string, answer: unknown): Promise<void> {
  // Answers hold what the caller read (children's data): kept seven days, then deleted.
  await knexOf(em).raw(
    `with expired as (delete from idempotency_record where operation = '${SINGLE_WRITE}' and created_at < now() - interval '7 days')
     update idempotency_record set outcome = jsonb_set(outcome, '{answer}', ?::jsonb) where bureau_id = ? and key = ? and user_id = ?`,
    [JSON.stringify(answer), viewer.bureauId, key, viewer.userId],
  );
}

export const ALREADY_APPLIED = 'ALREADY_APPLIED';

/** The write was done by an earlier copy of this request: nothing was written again. */
export function alreadyApplied(ids: string[]) {
  return conflict('该操作已保存过（同一幂等键），没有重复保存', { rule: ALREADY_APPLIED, field: 'idempotencyKey', ids });
}
