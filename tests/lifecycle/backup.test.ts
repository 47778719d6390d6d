import fs from 'node:fs';
import path from 'node:path';
import { BackupRefused, findTool } from '../../packages/api/src/db/backup';
import { openOrm } from '../../packages/api/src/db/orm';
import { seedDemoCounty } from '../../packages/api/src/demo/seed';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/database';
import { withClient } from '../support/pg-admin';
import { cleanUp, ensureBuilt, login, post, runCli, startApp, tempRoot, type AppProcess } from './harness';

// `jiafang backup` / `jiafang restore` round trip: the demo county dumped with pg_dump, restored
// into an empty database with pg_restore, every table compared, and the server started on it.
// Where the installed pg_dump is older than the server (the embedded PostgreSQL 18 beside
// Debian's client 15), the commands must refuse with the fix instead; CI runs this file again
// on the machine's PostgreSQL, where the round trip runs.

jest.setTimeout(180_000);

let source: TestDatabase;
let compatible: boolean;
const empties: TestDatabase[] = [];
const apps: AppProcess[] = [];
const dir = tempRoot('jf-backup-');

const cli = (url: string, args: string[]) => runCli(args, { DATABASE_URL: url });

async function emptyDatabase(): Promise<string> {
  const db = await createEmptyDatabase();
  empties.push(db);
  return db.url;
}

/** Every table's row count, and checksums of the rows that matter most. */
const fingerprint = (url: string) =>
  withClient(url, async (c) => {
    const tables = (await c.query<{ t: string }>(`select tablename as t from pg_tables where schemaname = 'public' order by 1`)).rows.map((r) => r.t);
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number((await c.query(`select count(*) from "${t}"`)).rows[0].count);
    const sum = async (t: string) => (await c.query(`select md5(string_agg(x::text, '|' order by x.id)) as m from "${t}" x`)).rows[0].m as string;
    return { counts, students: await sum('student'), guardians: await sum('guardian'), attachments: await sum('attachment'), users: await sum('user') };
  });

beforeAll(async () => {
  await ensureBuilt();
  source = await createTestDatabase();
  const orm = await openOrm(source.url);
  try {
    await seedDemoCounty(orm, { students: 400, seed: 7 });
  } finally {
    await orm.close(true);
  }
  const major = await withClient(source.url, async (c) => Math.floor(Number((await c.query('show server_version_num')).rows[0].server_version_num) / 10000));
  compatible = await findTool('pg_dump', major).then(
    () => true,
    (err) => {
      if (!(err instanceof BackupRefused)) throw err;
      return false;
    },
  );
  if (!compatible) console.log(`no pg_dump for PostgreSQL ${major} here: checking the refusal (the round trip runs on the machine's PostgreSQL in CI)`);
});

afterAll(async () => {
  await cleanUp(apps, [dir]);
  await source?.drop();
  for (const db of empties) await db.drop();
});

it('backs up the demo county and restores it into an empty database, every table and row the same, and the server runs on it', async () => {
  const file = path.join(dir, 'county.dump');
  const backup = await cli(source.url, ['backup', file]);
  if (!compatible) {
    expect(backup.code).toBe(1);
    expect(backup.stderr).toMatch(/pg_dump (is not installed|.*is PostgreSQL \d+, the server is \d+: install postgresql-client-\d+)/);
    expect(backup.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(dir)).toEqual([]);
    return;
  }
  expect(backup.stderr).toBe('');
  expect(backup.code).toBe(0);
  expect(backup.stdout).toMatch(/backed up \d+ tables to .*county\.dump/);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
  expect(fs.readdirSync(dir)).toEqual(['county.dump']); // no partial file left beside it

  const target = await emptyDatabase();
  const restore = await cli(target, ['restore', file]);
  expect(restore.stderr).toBe('');
  expect(restore.code).toBe(0);
  expect(restore.stdout).toMatch(/400 students, 5 users/);

  const [before, after] = [await fingerprint(source.url), await fingerprint(target)];
  expect(Object.keys(after.counts).length).toBeGreaterThan(20);
  expect(after.counts.attachment).toBeGreaterThan(0);
  expect(after).toEqual(before);

  // The restored county serves: migrations already applied, demo logins and their students.
  const app = await startApp({ DATABASE_URL: target, SEED_DEMO: 'never' });
  apps.push(app);
  const token = await login(app.url);
  const list = await post(app.url, '{ _allStudentsMeta { count } allStudents(perPage: 1, sortField: "name") { name school { name } } }', undefined, token);
  expect(list.body.errors).toBeUndefined();
  expect(list.body.data._allStudentsMeta.count).toBe(400);
  expect(app.output()).not.toContain('applied migrations');
});

it('refuses to restore into a database that holds tables, or a file that is not a backup, and changes nothing', async () => {
  const notADump = path.join(dir, 'roster.csv');
  fs.writeFileSync(notADump, 'name,gender\n张三,男\n');
  const before = await fingerprint(source.url);

  const intoLive = await cli(source.url, ['restore', notADump]);
  expect(intoLive.code).toBe(1);
  expect(intoLive.stderr).toContain('is not a backup made by jiafang backup');

  const empty = await emptyDatabase();
  expect((await cli(empty, ['restore', notADump])).stderr).toContain('is not a backup');
  expect((await cli(empty, ['restore', path.join(dir, 'absent.dump')])).stderr).toMatch(/cannot read .*absent\.dump \(ENOENT\)/);

  if (compatible) {
    const file = path.join(dir, 'again.dump');
    expect((await cli(source.url, ['backup', file])).code).toBe(0);
    const over = await cli(source.url, ['restore', file]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('already holds tables');
    expect(over.stderr).toContain('restore into a new, empty database');
  }
  for (const args of [['backup'], ['restore'], ['backup', 'a', 'b'], ['restore', '--force']]) {
    const r = await cli(empty, args);
    expect({ args, code: r.code }).toEqual({ args, code: 1 });
    expect(r.stderr).toMatch(/needs one FILE/);
  }
  expect(await fingerprint(source.url)).toEqual(before);
  expect(await withClient(empty, async (c) => Number((await c.query(`select count(*) from pg_tables where schemaname = 'public'`)).rows[0].count))).toBe(0);
});
