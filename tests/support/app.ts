import pino from 'pino';
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/core';
import { openOrm } from '../../packages/api/src/db/orm';
import { startServer, type RunningServer, type ServerOptions } from '../../packages/api/src/http/server';
import { sqlStatements } from '../../packages/api/src/db/query-log';
import { NO_RATE_LIMITS } from '../../packages/api/src/http/rate-limit';
import { createTestDatabase, type TestDatabase } from './database';
import type { ReminderOptions } from '../../packages/api/src/notify/scheduler';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any>; path?: string[] }>;
}

export interface TestApp {
  url: string;
  orm: MikroORM;
  db: TestDatabase;
  /** The running server (its remembered users: `server.viewers`). */
  server: RunningServer;
  /** POSTs one GraphQL operation to the running server, as any HTTP client would. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  /** Like gql, but fails the test on any error and returns data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  login(username: string, password: string): Promise<string>;
  /** SQL statements sent while `fn` runs. */
  countStatements(fn: () => Promise<unknown>): Promise<number>;
  /** Rows of a raw SQL query, to check what reached the database. */
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The key the test server signs login tokens with (tests forge tokens with it). */
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret!';

/** A fresh database and the real HTTP server on a free port, for one test file. */
export async function startTestApp(
  options: {
    adminDir?: string;
    log?: (message: string) => void;
    server?: Pick<ServerOptions, 'corsOrigins' | 'trustProxy' | 'hstsMaxAgeSeconds' | 'rateLimits' | 'queryLimits' | 'limitStore' | 'loginLimits' | 'logger'>;
    /** The reminders' scheduler on the test database (off unless given). */
    reminders?: Omit<ReminderOptions, 'databaseUrl'>;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const orm = await openOrm(db.url);
  const server: RunningServer = await startServer(
    // Tests send thousands of requests as one user: limits only where a test sets them (rate-limit.test.ts).
    {
      rateLimits: NO_RATE_LIMITS, logger: pino({ level: process.env.TEST_SERVER_LOG ? 'info' : 'silent' }), ...options.server,
      orm, jwtSecret: TEST_JWT_SECRET, jwtExpiresIn: '1h', adminDir: options.adminDir,
      reminders: options.reminders && { ...options.reminders, databaseUrl: db.url }, log: options.log ?? (process.env.TEST_SERVER_LOG ? console.error : () => undefined),
    },
    0,
  );
  const endpoint = `${server.url}/graphql`;

  const gql = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult;
    return { ...body, status: res.status };
  };

  const app: TestApp = {
    url: server.url,
    server,
    orm,
    db,
    gql,
    async ok(query, variables, token) {
      const res = await gql(query, variables, token);
      if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
      return res.data;
    },
    async login(username, password) {
      const data = await app.ok(`mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: username, p: password });
      return data.login.token;
    },
    async countStatements(fn) {
      const before = sqlStatements();
      await fn();
      return sqlStatements() - before;
    },
    async sql(query, params = []) {
      // On a pool connection: it hears its own notifications (a change to users' tables) before it answers.
      return orm.em.getConnection().execute<never[]>(query, params as never[]);
    },
    async close() {
      await server.close();
      await orm.close(true);
      await db.drop();
    },
  };
  return app;
}
