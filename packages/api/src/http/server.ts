import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import compression from 'compression';
import expressStaticGzip from 'express-static-gzip';
import express from 'express';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import { apiSchema } from '../schema/build';
import { jitExecution } from './jit-executor';
import { buildContext, type RequestContext } from './context';
import { ViewerCache } from './viewer-cache';
import { answerTexts } from './answer-texts';
import type { UserRows } from './viewer';
import { requireAuth } from './require-auth';
import { inputGuard } from '../core/validation/input-guard';
import { formatError } from './format-error';
import { jsonErrors } from './json-errors';
import { armorRules, bodyLimits, costPlugin, readQueryLimits, type QueryLimits } from './limits';
import { rateLimiting, readLoginLimits, readRateLimits, type RateLimits } from './rate-limit';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { rowEstimates } from '../schema/list-sizes';
import { MAX_PAGE_SIZE } from '../core/crud/resolver';
import { describeForLog } from '../db/error-log';
import { rememberUsers } from '../db/orm';
import { filesRoute } from './files';
import { uploadRoute } from './upload';
import { exportRoute } from './export';
import { reportRoute } from './reports';
import { formsRoute } from './forms';
import { archiveRoute } from './archive';
import { importReportRoute, importRoute, importTemplateRoute } from './import';
import { viewEvents } from '../core/audit/view-events';
import { AuthSettings } from '../auth/auth.resolver';
import { isDatabaseUnavailable } from '../db/unavailable';
import { readinessProbe } from '../db/readiness';
import { idempotentReplies } from './idempotent-replies';
import { unavailableContextError, unavailableNotice, unavailablePlugin } from './unavailable';
import { trackConnections } from './drain';
import { metricsRoute, noteViewer, operationMetrics, requestLogging } from './observe';
import { createLogger, type Logger } from '../core/observe/logger';
import { limitStore, readLimitStoreKind, type LimitStoreKind } from './limit-store';
import { LoginThrottle, type LoginLimits } from '../core/auth/throttle';
import { corsPolicy, securityHeaders, type TrustProxy } from './security-headers';
import { Reminders, setReminders, type ReminderOptions } from '../notify/scheduler';

export interface ServerOptions {
  orm: MikroORM;
  jwtSecret: string;
  jwtExpiresIn: string;
  adminDir?: string;
  log?: (message: string) => void;
  /** The structured log (request lines); by default LOG_LEVEL's, on stdout. */
  logger?: Logger;
  /** What one GraphQL request may ask for (defaults from GRAPHQL_MAX_* settings). */
  queryLimits?: QueryLimits;
  /** Requests per minute and exports at once per caller (defaults from RATE_LIMIT_* settings). */
  rateLimits?: RateLimits;
  /** Where request rates and login failures are counted (RATE_LIMIT_STORE, REDIS_URL). */
  limitStore?: LimitStoreKind;
  /** Login failures allowed per user and address (LOGIN_* settings). */
  loginLimits?: LoginLimits;
  /** Address to bind; loopback unless told (main.ts reads HOST). */
  host?: string;
  /** How long close() lets requests in flight finish before cutting their connections. */
  shutdownTimeoutMs?: number;
  /** Why the database is known to be down (the embedded supervisor's state), for /readyz. */
  databaseNote?: () => string | undefined;
  /** Other sites' origins allowed to call from a browser (CORS_ORIGINS); none unless listed. */
  corsOrigins?: string[];
  /** Express's `trust proxy` (TRUST_PROXY): which X-Forwarded-For hop req.ip is. */
  trustProxy?: TrustProxy;
  /** Strict-Transport-Security max-age (HSTS_MAX_AGE_SECONDS); 0 sends none. */
  hstsMaxAgeSeconds?: number;
  /** The reminders' scheduler and channels (NOTIFY, SMTP_*); none when absent. */
  reminders?: ReminderOptions;
  /** Whether users are remembered between requests (REMEMBER_USERS; on unless `off`). */
  rememberUsers?: boolean;
}

export interface RunningServer {
  httpServer: http.Server;
  /** Where this machine reaches the server (loopback when it listens on every interface). */
  url: string;
  /** The address and port bound, as the OS reports them. */
  address: { host: string; port: number; allInterfaces: boolean };
  /** Requests being answered now. */
  inFlight(): number;
  /** Stops accepting, lets requests in flight finish (up to shutdownTimeoutMs), then cuts the rest. */
  close(): Promise<void>;
  /** The user rows this server remembers between requests. */
  viewers: UserRows;
}

/** One process serves the GraphQL API at /graphql and the built admin at /. */
export async function startServer(options: ServerOptions, port: number): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const log = options.log ?? ((message: string) => logger.warn(message));
  const host = options.host ?? '127.0.0.1';
  AuthSettings.secret = options.jwtSecret;
  AuthSettings.expiresIn = options.jwtExpiresIn;
  const app = express();
  const httpServer = http.createServer(app);
  const connections = trackConnections(httpServer);
  const noteUnavailable = unavailableNotice(log);
  const limits = options.queryLimits ?? readQueryLimits();
  const armor = armorRules(limits);
  const apollo = new ApolloServer<RequestContext>({
    // The schema, executed by graphql-jit (compiled once per operation).
    gateway: jitExecution(await apiSchema()),
    // The admin builds its screens from the schema, in production too.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handlers would stop it a second time (a stop
    // that then waits for ever) and re-raise the signal before our database is closed.
    stopOnTerminationSignals: false,
    // The input guard runs first: a NUL byte in an anonymous login is bad input, not an internal error.
    plugins: [
      inputGuard({ uncapped: ['uploadAttachment.contentBase64'] }),
      ...armor.plugins,
      costPlugin(limits, MAX_PAGE_SIZE, rowEstimates()),
      requireAuth,
      operationMetrics(),
      viewEvents(options.orm, log) as never,
      idempotentReplies(options.orm) as never,
      unavailablePlugin(noteUnavailable),
      // No landing page at GET /graphql: Apollo's loads CDN scripts onto our origin, where the admin keeps its token.
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints are unused, and the cache-control plugin wraps every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
    ],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.tokens },
    formatError: (formatted, error) => formatError(formatted, error, (e) => log(`graphql error: ${describeForLog(e)}`)),
  });
  await apollo.start();

  app.disable('x-powered-by');
  // No ETag on API answers (a hash of every GraphQL response body, never used by a client of a
  // POST); the admin's files get theirs from the static file server.
  app.set('etag', false);
  // req.ip (login throttling, rate limits) follows X-Forwarded-For only from the proxies trusted here.
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(requestLogging(logger));
  // gzip or brotli (quality 4) for answers over 1 KB that browsers accept so: GraphQL JSON above
  // all. Precompressed admin files and .xlsx (already zip) pass through unchanged, and so do
  // streams marked X-Accel-Buffering: no (import progress, CSV exports): a compressor would hold
  // their lines back, and its 'drain' proxy keeps every listener a backpressure wait adds. Caddy
  // compresses those on the way out in the compose deployment.
  app.use(compression({ filter: (req, res) => !res.getHeader('X-Accel-Buffering') && compression.filter(req, res) }));
  app.use(securityHeaders({ hstsMaxAgeSeconds: options.hstsMaxAgeSeconds }));
  // CORS for every route is decided here: a route adding its own cors() would reopen it to all.
  app.use(corsPolicy(options.corsOrigins ?? []));
  // Liveness: the process answers. It does not look at the database, so an orchestrator does
  // not restart a healthy process because its database is down.
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  // Readiness: worth sending requests to (database answers, schema migrated, not stopping).
  const readiness = readinessProbe(options.orm, { databaseNote: options.databaseNote });
  app.get('/readyz', async (_req, res) => {
    const result = connections.draining() ? { ready: false, reason: 'shutting down' } : await readiness();
    res.setHeader('Cache-Control', 'no-store');
    res.status(result.ready ? 200 : 503).json(result);
  });
  app.get('/metrics', metricsRoute((options.orm.em as unknown as SqlEntityManager).getKnex()));
  // Counted per user, API token or address, before any body is read.
  const store = limitStore(options.limitStore ?? readLimitStoreKind(), (options.orm.em as unknown as SqlEntityManager).getKnex());
  const rates = rateLimiting(options.rateLimits ?? readRateLimits(), options.jwtSecret, store);
  const loginThrottle = new LoginThrottle(store.limiter, options.loginLimits ?? readLoginLimits());
  const viewers: UserRows = new ViewerCache(options.orm.config.get('clientUrl')!, log, options.rememberUsers ?? rememberUsers());
  viewers.watchCommits(options.orm);
  app.use('/graphql', rates.graphql);
  app.use(['/files', '/export', '/reports', '/forms', '/import', '/archive'], rates.downloads);
  app.use(
    '/graphql',
    // Bodies are small (files go to POST /files); smaller still without a token.
    bodyLimits(limits, (limit) => express.json({ limit })),
    answerTexts(),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          const ctx = await buildContext(req, options.orm, options.jwtSecret, loginThrottle, { viewers, answerTexts: true });
          noteViewer(res, ctx.viewer);
          return Object.assign(ctx, { res });
        } catch (err) {
          if (!isDatabaseUnavailable(err)) throw err;
          noteUnavailable(err);
          throw unavailableContextError(err);
        }
      },
    }),
  );
  const routes = { orm: options.orm, secret: options.jwtSecret, log, exportSlot: rates.exportSlot, loginThrottle, viewers };
  app.get('/files/:id', filesRoute(routes));
  app.post('/files', uploadRoute(routes));
  app.get('/export/:resource.:format', exportRoute(routes));
  app.get('/reports/:name.xlsx', reportRoute(routes));
  app.get('/forms/:resource/:id.xlsx', formsRoute(routes, 'xlsx'));
  app.get('/forms/:resource/:id.html', formsRoute(routes, 'html'));
  app.get('/archive/:schoolId.zip', archiveRoute(routes));
  app.get('/import/reports/:id.xlsx', importReportRoute(routes));
  app.get('/import/:resource/template.xlsx', importTemplateRoute(routes));
  app.post('/import/:resource', importRoute(routes));
  serveAdmin(app, options.adminDir, log);
  app.use(jsonErrors(log));

  // The scheduler of this server (started now, or later if the first try failed) until it closes.
  const jobs: ReminderSlot = { closed: false };
  try {
    await store.ready();
    await viewers.start();
    if (options.reminders) await startReminders(options.orm, { log, ...options.reminders }, log, jobs);
    await listen(httpServer, port, host);
  } catch (err) {
    await stopReminders(jobs);
    await apollo.stop();
    await store.close();
    await viewers.close();
    throw err;
  }
  const bound = httpServer.address() as AddressInfo;
  const allInterfaces = bound.address === '0.0.0.0' || bound.address === '::';
  const reachAt = allInterfaces ? (bound.address === '::' ? '[::1]' : '127.0.0.1') : bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    httpServer,
    url: `http://${reachAt}:${bound.port}`,
    address: { host: bound.address, port: bound.port, allInterfaces },
    inFlight: () => connections.inFlight(),
    async close() {
      const graceMs = options.shutdownTimeoutMs ?? 10_000;
      const { cut } = await connections.drain(graceMs);
      if (cut) log(`cut ${cut} request(s) still running after ${graceMs / 1000} s`);
      try {
        await stopReminders(jobs);
        await apollo.stop();
        await store.close();
      } finally {
        await viewers.close();
      }
    },
    viewers,
  };
}

/** A server's reminders: running once started, and no more once the server closes. */
interface ReminderSlot {
  closed: boolean;
  running?: Reminders;
}

/**
 * The reminders' scheduler; should it not start (the database busy), the server serves anyway and
 * says so, and the scheduler is tried again a minute later.
 */
async function startReminders(orm: MikroORM, options: ReminderOptions, log: (message: string) => void, slot: ReminderSlot): Promise<void> {
  if (slot.closed) return;
  try {
    const running = await Reminders.start(orm, options);
    if (slot.closed) return void (await running.stop());
    slot.running = running;
    setReminders(running);
  } catch (err) {
    log(`reminders did not start (${(err as Error).message}); trying again in 60 s`);
    setTimeout(() => void startReminders(orm, options, log, slot), 60_000).unref();
  }
}

async function stopReminders(slot: ReminderSlot): Promise<void> {
  slot.closed = true;
  if (!slot.running) return;
  setReminders(undefined);
  await slot.running.stop();
}

/** Listens, turning the usual refusals into a sentence that says what to do. */
function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const at = `${host}:${port}`;
      const why: Record<string, string> = {
        EADDRINUSE: `Port ${port} is already in use on ${host} (another Jiafang, or another program). Stop it, or start with PORT=<another port>.`,
        EACCES: `Not allowed to listen on ${at} (ports below 1024 need privileges). Start with PORT=<a port above 1024>.`,
        EADDRNOTAVAIL: `HOST=${host} is not an address of this machine. Use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`,
        ENOTFOUND: `HOST=${host} is not a known host name. Use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`,
      };
      reject(new Error(why[err.code ?? ''] ?? `Cannot listen on ${at}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function serveAdmin(app: express.Express, adminDir: string | undefined, log: (m: string) => void): void {
  const index = adminDir && path.join(adminDir, 'index.html');
  if (!index || !fs.existsSync(index)) {
    if (adminDir) log(`admin not built at ${adminDir}: run "pnpm build" (the API still works)`);
    app.get('/', (_req, res) => void res.type('text/plain; charset=utf-8').send('Jiafang API: POST /graphql. The admin is not built; run "pnpm build".'));
    return;
  }
  // The build writes .br and .gz beside each file (vite-plugin-compression2): sent as they are,
  // no compression per request. Hashed assets never change under their name: cached for a year.
  app.use(
    expressStaticGzip(adminDir!, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: {
        setHeaders: (res, file) =>
          res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
      },
    }),
  );
  // The GraphQL explorer on its own page (the admin's menu has it too, as GraphQL 查询).
  const explorer = path.join(adminDir!, 'graphiql.html');
  app.get('/graphiql', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(explorer);
  });
  // Client-side routes of the single-page admin all answer its index.html, revalidated each time
  // (it names the current hashed assets).
  app.get(/^\/(?!graphql|healthz|readyz|metrics|files\/|export\/|reports\/|forms\/|archive\/|import\/|assets\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
