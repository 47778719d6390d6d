import 'reflect-metadata';
import path from 'node:path';
import { backupDatabase, BackupRefused, restoreDatabase } from './db/backup';
import { withCliDatabase, withCliDatabaseUrl } from './db/cli-database';
import { initCounty, InitRefused } from './org/county-init';

// `pnpm jiafang <command>`, or `node dist/cli.js <command>` in the image (packages/api).

const USAGE = `usage: jiafang init --region CODE --bureau NAME --admin LOGIN --name NAME
       jiafang backup FILE
       jiafang restore FILE

init: sets up an empty database for a county: the bureau, its county and towns (bundled division list),
  and the first bureau admin with a one-time password, to be changed at first login.
  --region  the county's 6-digit GB/T 2260 code, e.g. 610526
  --bureau  the bureau's name, e.g. "蒲城县教育局"
  --admin   the admin's login name, e.g. wangfang
  --name    the admin's name, e.g. 王芳
backup: writes the whole database (photos and evidence included) to FILE with pg_dump, custom format.
restore: loads FILE into an empty database in one transaction (refused when it holds tables).
  Both need PostgreSQL's client programs of the server's version or newer (PATH, or PG_BIN).
All use DATABASE_URL, or the embedded database in .data/pg when it is not set.`;

function options(argv: string[], names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    // --bureau=… may hold '=' itself: split at the first one only.
    const eq = argv[i].indexOf('=');
    const [flag, inline] = eq < 0 ? [argv[i], undefined] : [argv[i].slice(0, eq), argv[i].slice(eq + 1)];
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !names.includes(name)) throw new InitRefused(`unknown option ${argv[i]}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new InitRefused(`${flag} needs a value\n${USAGE}`);
    out[name] = value;
  }
  const missing = names.filter((n) => !out[n]);
  if (missing.length) throw new InitRefused(`missing ${missing.map((n) => `--${n}`).join(', ')}\n${USAGE}`);
  return out;
}

async function init(argv: string[]): Promise<void> {
  const o = options(argv, ['region', 'bureau', 'admin', 'name']);
  await withCliDatabase(async (orm) => {
    const r = await initCounty(orm, { region: o.region, bureau: o.bureau, admin: o.admin, name: o.name });
    console.log(`${o.bureau.trim()} (${r.county}, ${r.towns} towns) is set up.`);
    console.log(`first bureau admin: ${o.admin.trim()} (${o.name.trim()})`);
    console.log(`one-time password:  ${r.password}`);
    console.log('It is shown only now. At first login it must be changed; then add villages and schools, and import staff, classes and students (docs/operations.md).');
  });
}

function fileArgument(command: string, argv: string[]): string {
  if (argv.length !== 1 || argv[0].startsWith('--')) throw new InitRefused(`${command} needs one FILE\n${USAGE}`);
  return argv[0];
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function backup(argv: string[]): Promise<void> {
  const file = fileArgument('backup', argv);
  await withCliDatabaseUrl(async (url) => {
    const started = Date.now();
    const r = await backupDatabase(url, file);
    console.log(`backed up ${r.tables} tables to ${r.file} (${megabytes(r.bytes)}, ${path.basename(r.tool.file)} ${r.tool.major}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
}

async function restore(argv: string[]): Promise<void> {
  const file = fileArgument('restore', argv);
  await withCliDatabaseUrl(async (url) => {
    const started = Date.now();
    const r = await restoreDatabase(url, file);
    console.log(`restored ${r.tables} tables from ${path.resolve(file)} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.students} students, ${r.users} users`);
    console.log('Start the server on this database: migrations newer than the backup apply at start.');
  });
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'init') return init(rest);
  if (command === 'backup') return backup(rest);
  if (command === 'restore') return restore(rest);
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  throw new InitRefused(`unknown command ${command}\n${USAGE}`);
}

main().catch((err) => {
  // A refusal is the operator's to fix: its message alone. Anything else with its stack for the log.
  console.error(err instanceof InitRefused || err instanceof BackupRefused ? err.message : err);
  process.exitCode = 1;
});
