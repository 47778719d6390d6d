import type express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from '../db/unavailable';
import { briefForLog } from '../db/error-log';

// While the database cannot be reached, every answer that needed it is 503 with Retry-After:
// clients and proxies know to try again, and monitoring tells an outage from a bug (500).

export const UNAVAILABLE_MESSAGE = '数据库暂时无法连接，请稍后重试';
/** A restart of the embedded database takes about a second; an external one, a few. */
export const RETRY_AFTER_SECONDS = 2;

/** Notes an outage in the server log once per 10 s, not once per request. */
export function unavailableNotice(log: (m: string) => void): (err: unknown) => void {
  let last = 0;
  let since = 0;
  return (err) => {
    since++;
    if (Date.now() - last < 10_000) return;
    // Messages of database errors inline the statement's values: logged without them.
    const detail = err instanceof Error ? briefForLog(err) : 'no detail';
    log(`database unavailable, answering 503 (${since} request(s) since the last note): ${detail}`);
    last = Date.now();
    since = 0;
  };
}

/** GraphQL answers 503 when any of its errors is the database being unavailable. */
export function unavailablePlugin(note: (err: unknown) => void): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, errors }) {
          const body = response.body;
          const formatted = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          if (!formatted?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          note(errors?.find((e) => isDatabaseUnavailable(e)) ?? errors?.[0]);
        },
      };
    },
  };
}

/**
 * The context is built before any resolver runs (it loads the viewer), and Apollo answers a
 * failure there without calling willSendResponse: the status travels in `extensions.http`.
 */
export function unavailableContextError(err: unknown): GraphQLError {
  return new GraphQLError(UNAVAILABLE_MESSAGE, {
    originalError: err instanceof Error ? err : undefined,
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
      http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}

/** The same answer for the downloads and uploads beside the API. */
export function sendUnavailable(res: express.Response): void {
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  res.status(503).json({ code: 'SERVICE_UNAVAILABLE', retryable: true, message: UNAVAILABLE_MESSAGE });
}
