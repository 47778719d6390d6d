import net from 'node:net';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { signToken } from '../../packages/api/src/core/auth/token';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// Per-user and per-token request limits on GraphQL and downloads, and exports at once per user:
// past them the answer is 429 with Retry-After, and another caller is not held back.

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
let admin: string;
beforeAll(async () => {
  app = await startTestApp({ server: { rateLimits: { graphqlPerMinute: 20, downloadsPerMinute: 4, exportsAtOnce: 1 }, limitStore: 'memory' } });
  // The county is built by the fixture admin; the limits count from here on per caller.
  county = await createCounty(app);
  admin = county.users.BUREAU_ADMIN;
});
afterAll(() => app.close());

const query = (token?: string) =>
  fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: '{ _allSchoolsMeta { count } }' }),
  });

it('a user past the GraphQL limit gets 429 with Retry-After; another user is still served', async () => {
  const answers = await Promise.all(Array.from({ length: 25 }, () => query(county.users.ANALYST)));
  const refused = answers.filter((r) => r.status === 429);
  expect(refused.length).toBeGreaterThanOrEqual(5);
  expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await refused[0].json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
  expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  expect((await query(county.users.TEACHER)).status).toBe(200);
});

it('downloads have their own limit, and one export at a time per user', async () => {
  const get = (token = county.users.SCHOOL_ADMIN) => fetch(`${app.url}/export/Campaign.csv`, { headers: { authorization: `Bearer ${token}` } });
  // Another session holds the table, so the first export waits inside its slot.
  const other = new Client({ connectionString: app.db.url });
  await other.connect();
  try {
    await other.query('begin');
    await other.query('lock table campaign in access exclusive mode');
    const first = get();
    await new Promise((r) => setTimeout(r, 300));
    const second = await get();
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user's export is not held back by this one's.
    const byAdmin = get(admin);
    await other.query('commit');
    expect((await first).status).toBe(200);
    expect((await byAdmin).status).toBe(200);
  } finally {
    await other.end();
  }
  // Four downloads a minute: the school admin has used two (the refused one counts); of three more, one is refused.
  const more: number[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await get();
    await res.text();
    more.push(res.status);
  }
  expect(more).toEqual([200, 200, 429]);
});

it('by default the counts live in the database, where several processes share them', async () => {
  const shared = await startTestApp({ server: { rateLimits: { graphqlPerMinute: 3, downloadsPerMinute: 3, exportsAtOnce: 1 } } });
  try {
    const q = () => fetch(`${shared.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await q()).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const rows = await shared.sql<{ key: string; points: number }>('select key, points from rate_limit');
    expect(rows.some((r) => r.key.startsWith('jiafang_graphql') && r.points >= 3)).toBe(true);
  } finally {
    await shared.close();
  }
});

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

it('with REDIS_URL the counts live in Redis, per caller', async () => {
  const reachable = await new Promise<boolean>((resolve) => {
    const u = new URL(redisUrl);
    const socket = net.connect(Number(u.port || 6379), u.hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true))).once('error', () => resolve(false));
  });
  if (!reachable) return console.warn(`no Redis at ${redisUrl}: the Redis store is not checked here`);
  process.env.REDIS_URL = redisUrl;
  const shared = await startTestApp({ server: { rateLimits: { graphqlPerMinute: 3, downloadsPerMinute: 3, exportsAtOnce: 1 }, limitStore: 'redis' } });
  delete process.env.REDIS_URL;
  try {
    // Callers of their own (signed tokens of new ids, counted per user; an unknown user may still
    // ask for __typename), so counts another run left in Redis cannot interfere.
    const caller = () => signToken({ id: randomUUID(), tokenVersion: 0 }, TEST_JWT_SECRET, '1h');
    const q = (token: string) => fetch(`${shared.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    const one = caller();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await q(one)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await q(caller())).status).toBe(200);
    expect(await shared.sql("select key from rate_limit where key like '%graphql%'")).toEqual([]);
  } finally {
    await shared.close();
  }
});
