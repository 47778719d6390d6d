import fs from 'node:fs';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

// `jiafang backup` and `jiafang restore`: PostgreSQL's own pg_dump and pg_restore in custom
// format (compressed, every table including photos and evidence, restorable table by table).

const run = promisify(execFile);

/** A backup or restore the operator must fix (no client, wrong version, a database not empty). */
export class BackupRefused extends Error {}

export interface Tool {
  file: string;
  major: number;
}

/** Folders holding PostgreSQL client programs: PG_BIN, then PATH, then Debian's versioned ones, newest first. */
function candidates(program: string): string[] {
  const dirs: string[] = [];
  if (process.env.PG_BIN) dirs.push(process.env.PG_BIN);
  dirs.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  return dirs.map((d) => path.join(d, program)).filter((f) => fs.existsSync(f));
}

/** The newest pg_dump / pg_restore that can work with a server of `serverMajor`. */
export async function findTool(program: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<Tool> {
  const found: Tool[] = [];
  for (const file of candidates(program)) {
    try {
      const { stdout } = await run(file, ['--version']);
      const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(stdout)?.[1]);
      if (major) found.push({ file, major });
    } catch {
      // not runnable: try the next one
    }
  }
  found.sort((a, b) => b.major - a.major);
  const best = found[0];
  if (!best) {
    throw new BackupRefused(
      `${program} is not installed. Install PostgreSQL's client programs, version ${serverMajor} or newer ` +
        `(Debian/Ubuntu: postgresql-client-${serverMajor}), or set PG_BIN to the folder holding ${program}; ` +
        `with compose, the backup service has them (docs/operations.md).`,
    );
  }
  // pg_dump refuses a newer server; pg_restore of a dump from a newer pg_dump fails on its format.
  if (best.major < serverMajor) {
    throw new BackupRefused(
      `${best.file} is PostgreSQL ${best.major}, the server is ${serverMajor}: install postgresql-client-${serverMajor} ` +
        `(or newer), or set PG_BIN to its folder.`,
    );
  }
  return best;
}

/** The connection's URL without its password, which goes to the child in PGPASSWORD instead (not on a command line). */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function serverMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
  const major = Math.floor(Number(rows[0].v) / 10000);
  if (!major) throw new Error(`cannot read the server's version (${rows[0].v})`);
  return major;
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs a client program; its stderr becomes the error's message. */
function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupRefused(`${path.basename(file)} failed (exit ${code}):\n${stderr.trim()}`))));
  });
}

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: number;
  tool: Tool;
}

/** Dumps the database into `file` (custom format), written under a temporary name and renamed when complete. */
export async function backupDatabase(url: string, file: string): Promise<BackupSummary> {
  const { major, tables } = await withClient(url, async (c) => ({
    major: await serverMajor(c),
    tables: Number((await c.query(`select count(*) from pg_tables where schemaname = 'public'`)).rows[0].count),
  }));
  const tool = await findTool('pg_dump', major);
  const target = path.resolve(file);
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.part`);
  const { dbname, env } = connection(url);
  try {
    await exec(tool.file, ['--format=custom', '--compress=6', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], env);
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { file: target, bytes: fs.statSync(target).size, tables, tool };
}

export interface RestoreSummary {
  tables: number;
  students: number;
  users: number;
}

/**
 * Restores `file` into an empty database, in one transaction: it ends restored or untouched.
 * A database that holds tables is refused, so a restore never mixes two counties' data.
 */
export async function restoreDatabase(url: string, file: string): Promise<RestoreSummary> {
  const source = path.resolve(file);
  let header: Buffer;
  try {
    const fd = fs.openSync(source, 'r');
    header = Buffer.alloc(5);
    fs.readSync(fd, header, 0, 5, 0);
    fs.closeSync(fd);
  } catch (err) {
    throw new BackupRefused(`cannot read ${source} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (header.toString('latin1') !== 'PGDMP') throw new BackupRefused(`${source} is not a backup made by jiafang backup (pg_dump's custom format)`);

  const { major, tables } = await withClient(url, async (c) => ({
    major: await serverMajor(c),
    tables: (await c.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1 limit 3`)).rows.map((r) => r.name),
  }));
  if (tables.length) {
    throw new BackupRefused(
      `the database already holds tables (${tables.join(', ')}…): restore into a new, empty database ` +
        `(createdb, or CREATE DATABASE), then point DATABASE_URL at it.`,
    );
  }
  const tool = await findTool('pg_restore', major);
  const { dbname, env } = connection(url);
  await exec(tool.file, ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=${dbname}`, source], env);
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `select (select count(*) from pg_tables where schemaname = 'public')::int as tables,
              (select count(*) from student)::int as students, (select count(*) from "user")::int as users`,
    );
    return rows[0] as RestoreSummary;
  });
}
