import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import express from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/core';
import { apiSchema } from '../schema/build';
import { buildContext, type RequestContext } from './context';
import { requireAuth } from './require-auth';
import { formatError } from './format-error';
import { describeForLog } from '../db/error-log';
import { filesRoute } from './files';
import { exportRoute } from './export';
import { reportRoute } from './reports';
import { formsRoute } from './forms';
import { importReportRoute, importRoute, importTemplateRoute } from './import';
import { viewEvents } from '../core/audit/view-events';
import { AuthSettings } from '../core/auth/auth.resolver';

export interface ServerOptions {
  orm: MikroORM;
  jwtSecret: string;
  jwtExpiresIn: string;
  adminDir?: string;
  log?: (message: string) => void;
}

export interface RunningServer {
  httpServer: http.Server;
  url: string;
  close(): Promise<void>;
}

/** One process serves the GraphQL API at /graphql and the built admin at /. */
export async function startServer(options: ServerOptions, port: number): Promise<RunningServer> {
  const log = options.log ?? console.log;
  AuthSettings.secret = options.jwtSecret;
  AuthSettings.expiresIn = options.jwtExpiresIn;
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: await apiSchema(),
    // The admin builds its screens from the schema, in production too.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [requireAuth, viewEvents(options.orm, log) as never, ApolloServerPluginDrainHttpServer({ httpServer })],
    formatError: (formatted, error) => formatError(formatted, error, (e) => log(`graphql error: ${describeForLog(e)}`)),
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    const ok = await options.orm.isConnected();
    res.status(ok ? 200 : 503).json({ ok });
  });
  app.use(
    '/graphql',
    cors(),
    express.json({ limit: '100mb' }),
    expressMiddleware(apollo, { context: async ({ req }) => buildContext(req, options.orm, options.jwtSecret) }),
  );
  const routes = { orm: options.orm, secret: options.jwtSecret, log };
  app.get('/files/:id', cors(), filesRoute(routes));
  app.get('/export/:resource.:format', cors(), exportRoute(routes));
  app.get('/reports/:name.xlsx', cors(), reportRoute(routes));
  app.get('/forms/:resource/:id.xlsx', cors(), formsRoute(routes));
  app.get('/import/reports/:id.xlsx', cors(), importReportRoute(routes));
  app.get('/import/:resource/template.xlsx', cors(), importTemplateRoute(routes));
  app.post('/import/:resource', cors(), importRoute(routes));
  serveAdmin(app, options.adminDir, log);

  await new Promise<void>((resolve) => httpServer.listen(port, resolve));
  const address = httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    httpServer,
    url: `http://localhost:${actualPort}`,
    async close() {
      await apollo.stop();
    },
  };
}

function serveAdmin(app: express.Express, adminDir: string | undefined, log: (m: string) => void): void {
  const index = adminDir && path.join(adminDir, 'index.html');
  if (!index || !fs.existsSync(index)) {
    if (adminDir) log(`admin not built at ${adminDir}: run "pnpm build" (the API still works)`);
    app.get('/', (_req, res) => void res.type('text/plain; charset=utf-8').send('Jiafang API: POST /graphql. The admin is not built; run "pnpm build".'));
    return;
  }
  app.use(express.static(adminDir!, { index: false, maxAge: '1h' }));
  // Client-side routes of the single-page admin all answer its index.html.
  app.get(/^\/(?!graphql|healthz|files\/|export\/|reports\/|forms\/|import\/).*/, (_req, res) => res.sendFile(index));
}
