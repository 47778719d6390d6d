import { createTestDatabase, type TestDatabase } from '../support/database';
import { withClient } from '../support/pg-admin';
import { cleanUp, ensureBuilt, post, runCli, startApp, type AppProcess } from './harness';

// A county's first day without the demo: `jiafang init` on an empty database, then the
// production server, the one-time password, the forced change, and a first list.

jest.setTimeout(120_000);

const JWT_SECRET = 'init-test-secret-init-test-secret-0123';
const dbs: TestDatabase[] = [];
const apps: AppProcess[] = [];

const cli = (databaseUrl: string, args: string[]) => runCli(args, { DATABASE_URL: databaseUrl, NODE_ENV: 'production' });

const INIT = ['init', '--region', '610526', '--bureau', '蒲城县教育局', '--admin', 'wangfang', '--name', '王芳'];
const counts = (url: string) =>
  withClient(url, async (c) => (await c.query(`select (select count(*) from bureau)::int as bureaus, (select count(*) from region)::int as regions, (select count(*) from "user")::int as users`)).rows[0]);

beforeAll(async () => {
  await ensureBuilt();
});

afterAll(async () => {
  await cleanUp(apps, []);
  await Promise.all(dbs.map((d) => d.drop()));
});

async function freshDb(): Promise<string> {
  const db = await createTestDatabase();
  dbs.push(db);
  return db.url;
}

it('sets up the bureau, its county and towns, and an admin who must change the one-time password before anything else', async () => {
  const url = await freshDb();
  const run = await cli(url, INIT);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('陕西省渭南市蒲城县');
  const password = /one-time password:\s+(\S+)/.exec(run.stdout)?.[1];
  expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);

  const regions = await withClient(url, async (c) => (await c.query(`select r.code, r.name, r.level, p.code as parent from region r left join region p on p.id = r.parent_id order by r.code`)).rows);
  expect(regions[0]).toEqual({ code: '610526', name: '蒲城县', level: 'COUNTY', parent: null });
  expect(regions.length).toBe(18);
  expect(regions.slice(1).every((r: any) => r.level === 'TOWN' && r.parent === '610526' && r.code.startsWith('610526'))).toBe(true);
  expect(regions.map((r: any) => r.name)).toContain('罕井镇');
  const [bureau] = await withClient(url, async (c) => (await c.query(`select b.name, r.code from bureau b join region r on r.id = b.region_id`)).rows);
  expect(bureau).toEqual({ name: '蒲城县教育局', code: '610526' });

  // The production server on that database: no demo, the admin's one-time password only.
  const app = await startApp({ DATABASE_URL: url, NODE_ENV: 'production', JWT_SECRET });
  apps.push(app);
  expect((await post(app.url, 'mutation { login(username: "admin", password: "jiafang-demo") { token } }')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const first = await post(app.url, 'mutation ($p: String!) { login(username: "wangfang", password: $p) { token mustChangePassword user { role } } }', { p: password });
  expect(first.body.data.login).toMatchObject({ mustChangePassword: true, user: { role: 'BUREAU_ADMIN' } });
  const oneTime = first.body.data.login.token;

  // Until the password is changed: me answers, everything else is refused with its rule.
  expect((await post(app.url, '{ me { username mustChangePassword } }', undefined, oneTime)).body.data.me).toEqual({ username: 'wangfang', mustChangePassword: true });
  const refused = await post(app.url, '{ me { id } _allStudentsMeta { count } }', undefined, oneTime);
  expect(refused.status).toBe(403);
  expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'PASSWORD_CHANGE_REQUIRED' });
  expect(refused.body.data ?? null).toBeNull();
  const download = await fetch(`${app.url}/export/Student.csv`, { headers: { authorization: `Bearer ${oneTime}` } });
  expect(download.status).toBe(403);

  const change = 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
  const same = await post(app.url, change, { c: password, n: password }, oneTime);
  expect(same.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', rule: 'PASSWORD_UNCHANGED' });
  expect((await post(app.url, change, { c: password, n: 'Huaiyang-river-1987-lantern' }, oneTime)).body.data.changePassword).toBe(true);
  // The one-time login is revoked with the change, and the old password no longer works.
  expect((await post(app.url, '{ me { id } }', undefined, oneTime)).status).toBe(401);
  expect((await post(app.url, 'mutation ($p: String!) { login(username: "wangfang", password: $p) { token } }', { p: password })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

  const own = await post(app.url, 'mutation { login(username: "wangfang", password: "Huaiyang-river-1987-lantern") { token mustChangePassword } }');
  expect(own.body.data.login.mustChangePassword).toBe(false);
  const list = await post(app.url, '{ allRegions(perPage: 50, sortField: "code", sortOrder: "ASC") { code name } _allStudentsMeta { count } }', undefined, own.body.data.login.token);
  expect(list.body.errors).toBeUndefined();
  expect(list.body.data.allRegions[0]).toEqual({ code: '610526', name: '蒲城县' });
  expect(list.body.data._allStudentsMeta.count).toBe(0);
});

it('refuses a second init, an unknown county and bad names, and writes nothing', async () => {
  const url = await freshDb();
  expect((await cli(url, INIT)).code).toBe(0);
  const before = await counts(url);
  const again = await cli(url, [...INIT.slice(0, 5), '--admin', 'intruder', '--name', '某人']);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('already has 1 user');
  expect(await counts(url)).toEqual(before);

  const empty = await freshDb();
  for (const args of [
    ['init', '--region', '610599', '--bureau', 'x', '--admin', 'abc', '--name', 'x'],
    ['init', '--region', '6105', '--bureau', 'x', '--admin', 'abc', '--name', 'x'],
    ['init', '--region', '610526', '--bureau', 'x', '--admin', 'a b', '--name', 'x'],
    ['init', '--region', '610526', '--bureau', '蒲城县教育局', '--admin', 'wangfang'],
    ['init', '--region', '610526', '--bureau', '蒲城县教育局', '--admin', 'wangfang', '--name', '王芳', '--role', 'TEACHER'],
  ]) {
    const r = await cli(empty, args);
    expect({ args, code: r.code }).toEqual({ args, code: 1 });
    expect(r.stderr).toMatch(/--region|--admin|missing --name|unknown option --role/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }
  expect(await counts(empty)).toEqual({ bureaus: 0, regions: 0, users: 0 });
});

it('lets only one of two inits at once through', async () => {
  const url = await freshDb();
  const both = await Promise.all([cli(url, INIT), cli(url, [...INIT.slice(0, 5), '--admin', 'lisi', '--name', '李四'])]);
  expect(both.map((r) => r.code).sort()).toEqual([0, 1]);
  expect(both.find((r) => r.code === 1)!.stderr).toContain('already has 1 user');
  expect(await counts(url)).toEqual({ bureaus: 1, regions: 18, users: 1 });
});
