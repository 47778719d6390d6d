import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import { badField } from '../core/errors';
import { checkKey, checkSameRequest, keyRecord } from '../core/bulk/idempotency';
import { ALREADY_APPLIED, SINGLE_WRITE, storeAnswer, storedAnswer, type WriteKey } from '../core/crud/write-key';
import type { RequestContext } from './context';

/** How long a copy waits for the first copy's answer before it is told only that the write was done. */
const ANSWER_WAIT_MS = 5000;

/** The first copy's answer (waiting a moment while it is on its way), or null. */
async function answerOf(em: EntityManager, viewer: Viewer, key: string): Promise<FormattedExecutionResult | null> {
  const until = Date.now() + ANSWER_WAIT_MS;
  for (;;) {
    const answer = (await storedAnswer(em, viewer, key)) as FormattedExecutionResult | null;
    if (answer || Date.now() >= until) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The answer a copy of a keyed write gets: the first copy's, or else "already done" with its ids. */
async function replyToCopy(orm: MikroORM, viewer: Viewer, writeKey: WriteKey): Promise<FormattedExecutionResult | null> {
  const em = orm.em.fork() as EntityManager;
  const row = await keyRecord(em, viewer, writeKey.key);
  if (!row) return null;
  checkSameRequest(row, viewer, SINGLE_WRITE, writeKey.hash);
  return (
    (await answerOf(em, viewer, writeKey.key)) ?? {
      errors: [{ message: '该操作已保存过（同一幂等键），没有重复保存', extensions: { code: 'CONFLICT', rule: ALREADY_APPLIED, field: 'idempotencyKey' } }],
    }
  );
}

/**
 * A mutation sent with `Idempotency-Key` is done once: a copy of it (a retry after a lost answer,
 * a queue replayed from a phone's storage, two tabs replaying at once) writes nothing and gets the
 * first answer back, for seven days. The write itself claims the key in its transaction
 * (core/crud/write-key.ts); here a copy that arrives after it is answered before it runs, and one
 * that ran beside it and was refused (by the key, a stale version or the workflow) gets the
 * answer of the copy that won.
 */
export function idempotentReplies(orm: MikroORM): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation(rc) {
          const { writeKey, viewer } = rc.contextValue;
          if (!writeKey || !viewer || rc.operation?.operation !== 'mutation') return null;
          let reply: FormattedExecutionResult | null;
          try {
            if (rc.operation.selectionSet.selections.length !== 1) {
              throw badField('idempotencyKey', '一个幂等键只能用于一个写操作（请求中只放一个 mutation 字段）', 'IDEMPOTENCY_ONE_WRITE');
            }
            checkKey(writeKey.key);
            reply = await replyToCopy(orm, viewer, writeKey);
          } catch (err) {
            if (!(err instanceof GraphQLError)) throw err;
            reply = { errors: [{ message: err.message, extensions: err.extensions }] };
          }
          return reply ? { http: rc.response.http, body: { kind: 'single', singleResult: reply } } : null;
        },
        async willSendResponse(rc) {
          const { writeKey, viewer } = rc.contextValue;
          const body = rc.response.body;
          const result = body.kind === 'single' ? body.singleResult : null;
          if (!writeKey || !viewer || !result || rc.operation?.operation !== 'mutation') return;
          const em = orm.em.fork() as EntityManager;
          if (writeKey.written) {
            await storeAnswer(em, viewer, writeKey.key, result);
            return;
          }
          // Refused while a copy beside it wrote: that copy's answer, not the refusal.
          if (!result.errors?.length) return;
          const reply = await replyToCopy(orm, viewer, writeKey).catch(() => null);
          if (reply && body.kind === 'single') body.singleResult = reply;
        },
      };
    },
  };
}
