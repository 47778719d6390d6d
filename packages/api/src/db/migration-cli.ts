import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ormConfig } from './orm';
import { startEmbeddedPostgres } from './embedded';
import { readConfig } from '../config';

// `pnpm migration:create [--check]`: diffs the entities against the committed migrations on a
// scratch database and writes the difference as a new migration in src/db/migrations, then
// regenerates the migration list. With --check it only reports whether a migration is missing.
async function main() {
  const check = process.argv.includes('--check');
  const dir = path.join(readConfig().rootDir, 'packages/api/src/db/migrations');
  const db = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'jiafang-migrate-')), 'scratch', () => undefined);
  const orm = (await MikroORM.init({
    ...ormConfig(db.url),
    migrations: { ...ormConfig(db.url).migrations, path: dir, pathTs: dir, emit: 'ts', fileName: (ts: string, name?: string) => `Migration${ts}${name ? `_${name}` : ''}` },
  })) as MikroORM<PostgreSqlDriver>;
  try {
    await orm.getMigrator().up();
    const pending = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    if (check) {
      console.log(pending.trim() ? `missing migration:\n${pending}` : 'migrations match the entities');
      process.exitCode = pending.trim() ? 1 : 0;
      return;
    }
    const name = process.argv.slice(2).find((a) => !a.startsWith('-'));
    const result = await orm.getMigrator().createMigration(dir, false, false, name);
    console.log(result.fileName ? `wrote ${result.fileName}` : 'no changes');
    writeIndex(dir);
  } finally {
    await orm.close();
    await db.stop();
  }
}

function writeIndex(dir: string) {
  const names = fs.readdirSync(dir).filter((f) => /^Migration\d+.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
  const lines = [
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}';`),
    '',
    '/** Committed migrations, in order; listed explicitly so bundles and tests need no file globbing. */',
    'export const migrationsList: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ];
  fs.writeFileSync(path.join(dir, 'index.ts'), lines.join('\n'));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
