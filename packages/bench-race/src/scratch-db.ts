// The database both servers share: an embedded PostgreSQL in a temporary folder, or
// BENCH_DATABASE_URL (reused as it is when already seeded), with the demo county loaded by the
// API's own seedDemoCounty and `analyze`d.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { onCleanup } from './cleanup.ts';
import { jiafangDist } from './jiafang-dist.ts';

export interface ScratchDatabase {
  url: string;
  /** Where it came from, for the report. */
  origin: 'embedded' | 'BENCH_DATABASE_URL';
  students: number;
  seededIn?: number;
}

/** A directory in the temp folder, removed at cleanup; readable by the `postgres` user when run as root. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  onCleanup(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function openScratchDatabase(students: number, log: (m: string) => void): Promise<ScratchDatabase> {
  const api = jiafangDist();
  let url = process.env.BENCH_DATABASE_URL;
  let origin: ScratchDatabase['origin'] = 'BENCH_DATABASE_URL';
  if (!url) {
    const dir = tempDir('jiafang-race-');
    log(`starting an embedded PostgreSQL in ${dir} …`);
    const db = await api.startEmbeddedPostgres(path.join(dir, 'pg'), 'bench', () => undefined);
    onCleanup('stop the embedded PostgreSQL', () => db.stop());
    url = db.url;
    origin = 'embedded';
  }
  const orm = await api.openOrm(url);
  let seededIn: number | undefined;
  try {
    await api.migrate(orm);
    if (await api.isDatabaseEmpty(orm)) {
      log(`seeding a demo county of ${students.toLocaleString('en')} students …`);
      const t0 = Date.now();
      await api.seedDemoCounty(orm, { students });
      seededIn = (Date.now() - t0) / 1000;
      log(`seeded in ${seededIn.toFixed(1)} s`);
    } else log('reusing the seeded database at BENCH_DATABASE_URL (its own number of students)');
    // Statistics for the planner, and the visibility map set now: otherwise autovacuum visits the
    // freshly loaded tables in the middle of the timing.
    await orm.em.getConnection().execute('vacuum analyze');
    const [{ n }] = await orm.em.getConnection().execute('select count(*)::int as n from student');
    return { url, origin, students: n, seededIn };
  } finally {
    await orm.close(true);
  }
}

/** One short-lived connection for a few statements of the race itself (never during timing). */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
