import net from 'node:net';
import { Redis } from 'ioredis';
import { openOrm } from '../../packages/api/src/db/orm';
import { seedDemoCounty } from '../../packages/api/src/demo/seed';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/database';
import { withClient } from '../support/pg-admin';
import { cleanUp, ensureBuilt, login, post, startApp, type AppProcess } from './harness';

// Two app processes behind one database, as a bureau scales out: a login made through one works
// through the other, and failed logins and download limits are counted once for both, in
// PostgreSQL by default and in Redis when REDIS_URL is set.

jest.setTimeout(120_000);

const JWT_SECRET = 'two-processes-secret-two-processes-0123';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let db: TestDatabase;
const apps: AppProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
  db = await createTestDatabase();
  const orm = await openOrm(db.url);
  try {
    await seedDemoCounty(orm, { students: 50, seed: 3 });
  } finally {
    await orm.close(true);
  }
});

let empty: TestDatabase | undefined;

afterAll(async () => {
  await cleanUp(apps, []);
  await db?.drop();
  await empty?.drop();
});

const redisAnswers = () =>
  new Promise<boolean>((resolve) => {
    const u = new URL(REDIS_URL);
    const s = net.connect(Number(u.port || 6379), u.hostname);
    s.once('connect', () => (s.destroy(), resolve(true))).once('error', () => resolve(false));
  });

async function pair(env: Record<string, string>): Promise<[AppProcess, AppProcess]> {
  const common = { DATABASE_URL: db.url, JWT_SECRET, RATE_LIMIT_DOWNLOADS_PER_MINUTE: '4', ...env };
  const both = await Promise.all([startApp(common), startApp(common)]);
  apps.push(...both);
  return both as [AppProcess, AppProcess];
}

async function sharedCounts(a: AppProcess, b: AppProcess, username: string) {
  // A login through one process is good on the other (same key, same database).
  const token = await login(a.url);
  expect((await post(b.url, '{ me { username } }', undefined, token)).body.data.me.username).toBe('admin');

  // Five wrong passwords spread over both processes lock the account on both.
  const attempt = (app: AppProcess, password: string) => post(app.url, 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password });
  for (const app of [a, b, a, b, a]) expect((await attempt(app, 'wrong-password')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  for (const app of [b, a]) {
    const locked = await attempt(app, 'jiafang-demo');
    expect(locked.status).toBe(429);
    expect(locked.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'LOGIN_THROTTLED' });
  }

  // Four downloads a minute per user, counted once across both processes.
  const download = async (app: AppProcess) => (await fetch(`${app.url}/import/Student/template.xlsx`, { headers: { authorization: `Bearer ${token}` } })).status;
  const statuses = [];
  for (const app of [a, b, a, b, a, b]) statuses.push(await download(app));
  expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
}

it('start together on an empty database (an upgrade of two containers): the migrations run once, both serve', async () => {
  empty = await createEmptyDatabase();
  const url = empty.url;
  const both = await Promise.all([startApp({ DATABASE_URL: url, JWT_SECRET }), startApp({ DATABASE_URL: url, JWT_SECRET })]);
  apps.push(...both);
  for (const app of both) expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  // One of them applied them, the other waited for it and found nothing left to do.
  expect(both.filter((app) => app.output().includes('applied migrations')).length).toBe(1);
  const rows = await withClient(url, async (c) => (await c.query('select name, count(*)::int as n from mikro_orm_migrations group by name')).rows);
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.every((r) => r.n === 1)).toBe(true);
  await Promise.all(both.map(async (app) => (app.signal('SIGTERM'), expect((await app.exited).code).toBe(0))));
});

it('share logins, login throttling and rate limits through PostgreSQL', async () => {
  const [a, b] = await pair({});
  await sharedCounts(a, b, 'teacher');
  const keys = await withClient(db.url, async (c) => (await c.query(`select key from rate_limit order by key`)).rows.map((r) => r.key as string));
  expect(keys.some((k) => k.startsWith('jiafang_login_user') && k.endsWith('teacher'))).toBe(true);
  expect(keys.some((k) => k.startsWith('jiafang_downloads'))).toBe(true);
  await Promise.all([a, b].map(async (app) => (app.signal('SIGTERM'), expect((await app.exited).code).toBe(0))));
});

it('share them through Redis when REDIS_URL is set', async () => {
  if (!(await redisAnswers())) return console.warn(`no Redis at ${REDIS_URL}: the Redis store is not checked here`);
  // Counts an earlier run left (the login window is 15 minutes) would lock the account at once.
  const redis = new Redis(REDIS_URL);
  try {
    const stale = [...(await redis.keys('jiafang_login_*')), ...(await redis.keys('jiafang_downloads*'))];
    if (stale.length) await redis.del(...stale);
    const [a, b] = await pair({ REDIS_URL });
    await sharedCounts(a, b, 'principal');
    expect(await redis.exists('jiafang_login_user:principal')).toBe(1);
    const inDatabase = await withClient(db.url, async (c) => (await c.query(`select key from rate_limit where key like '%principal%'`)).rows);
    expect(inDatabase).toEqual([]);
  } finally {
    redis.disconnect();
  }
});
