import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { pinoHttp } from 'pino-http';
import type { Knex } from '@mikro-orm/postgresql';
import { Gauge } from 'prom-client';
import type { Logger } from '../core/observe/logger';
import { errorsByCode, httpDuration, operationDuration, operationLabel, registry, routeLabel } from '../core/observe/metrics';

/** What a request's log line says beyond method, path, status and duration: no personal data. */
export interface RequestLogFields {
  userId?: string;
  role?: string;
  operation?: string;
  errorCode?: string;
}

export const logFieldsOf = (res: express.Response): RequestLogFields => (res.locals.log ??= {}) as RequestLogFields;

/** Who asked, for the request's log line: the user's id and role, never a name. */
export function noteViewer(res: express.Response, viewer: { userId: string; role: string } | null | undefined): void {
  if (!viewer) return;
  const fields = logFieldsOf(res);
  fields.userId = viewer.userId;
  fields.role = viewer.role;
}

/** An error code answered, counted for /metrics and put on the request's log line. */
export function noteError(res: express.Response | undefined, code: string): void {
  errorsByCode.inc({ code });
  if (res) logFieldsOf(res).errorCode ??= code;
}

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One JSON line per request (pino-http): request id (the client's X-Request-Id when well formed,
 * else a new one, echoed back), path without its query string (filters can hold names), status,
 * duration, user id, role, GraphQL operation and error code. And the request's latency histogram.
 */
export function requestLogging(logger: Logger): express.RequestHandler[] {
  const timing: express.RequestHandler = (req, res, next) => {
    const end = httpDuration.startTimer();
    const route = routeLabel(req.path); // here, before a mounted router makes req.path relative
    res.once('finish', () => end({ route, method: req.method, status: String(res.statusCode) }));
    next();
  };
  const genReqId = (req: IncomingMessage, res: ServerResponse) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  };
  const reqFields = (req: { id: unknown; method: string; url: string; originalUrl?: string }) => ({ id: req.id, method: req.method, path: (req.originalUrl ?? req.url).split('?')[0] });
  const extra = (res: ServerResponse) => ({ ...((res as express.Response).locals?.log ?? {}) });
  // Request lines off (LOG_LEVEL warn or above): pino-http would still build two child loggers per
  // request only to write nothing. Failed requests are written as pino-http writes them.
  if (!logger.isLevelEnabled('info')) return [timing, failuresOnly(logger, genReqId, reqFields, extra)];
  const http = pinoHttp({
    logger,
    wrapSerializers: false,
    genReqId,
    autoLogging: { ignore: (req) => QUIET.has((req.url ?? '').split('?')[0]) },
    serializers: {
      req: reqFields,
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      err: (err: Error) => ({ type: err.name }),
    },
    customProps: (_req, res) => extra(res),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  });
  return [timing, http as unknown as express.RequestHandler];
}

/** The request id, and a line for a request that failed (a 5xx or a broken response), as pino-http writes it. */
function failuresOnly(
  logger: Logger,
  genReqId: (req: express.Request, res: express.Response) => string,
  reqFields: (req: express.Request & { id: unknown }) => object,
  extra: (res: express.Response) => object,
): express.RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const withId = req as express.Request & { id: unknown };
    withId.id = genReqId(req, res);
    let done = false;
    const complete = (err?: Error) => {
      if (done) return;
      done = true;
      if (!err && res.statusCode < 500) return;
      const error = err ?? new Error(`failed with status code ${res.statusCode}`);
      logger.error({ ...extra(res), req: reqFields(withId), res: { status: res.statusCode }, err: { type: error.name }, responseTime: Date.now() - started }, 'request failed');
    };
    // Probes and metrics only when the response breaks (a 503 from /readyz while starting is no failure).
    if (!QUIET.has((req.url ?? '').split('?')[0])) {
      res.once('finish', () => complete());
      res.once('close', () => complete());
    }
    res.once('error', complete);
    next();
  };
}

/** Per GraphQL operation: its latency by name and type, and every error's code. */
export function operationMetrics(): ApolloServerPlugin<{ res?: express.Response }> {
  return {
    async requestDidStart() {
      const end = operationDuration.startTimer();
      return {
        async didResolveOperation(rc) {
          if (rc.contextValue.res && rc.operationName) logFieldsOf(rc.contextValue.res).operation = operationLabel(rc.operationName);
        },
        async didEncounterErrors(rc) {
          for (const e of rc.errors) noteError(rc.contextValue.res, String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
        async willSendResponse(rc) {
          end({ operation: operationLabel(rc.operationName), type: rc.operation?.operation ?? 'none' });
        },
      };
    },
  };
}

let pool: (() => { used: number; free: number; pending: number }) | undefined;
new Gauge({
  name: 'jiafang_db_pool_connections',
  help: 'Database pool connections: used, free, and requests waiting for one',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const p = pool?.();
    if (!p) return;
    for (const state of ['used', 'free', 'pending'] as const) this.set({ state }, p[state]);
  },
});

/** GET /metrics for Prometheus; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export function metricsRoute(knex: Knex, token = process.env.METRICS_TOKEN): express.RequestHandler {
  const tarn = (knex as unknown as { client: { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } } }).client;
  pool = () => ({ used: tarn.pool?.numUsed() ?? 0, free: tarn.pool?.numFree() ?? 0, pending: tarn.pool?.numPendingAcquires() ?? 0 });
  return async (req, res) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) return void res.status(401).json({ code: 'UNAUTHENTICATED', message: 'METRICS_TOKEN required' });
    res.setHeader('Content-Type', registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(await registry.metrics());
  };
}
