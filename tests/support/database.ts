import { randomBytes } from 'node:crypto';
import { migrate, openOrm } from '../../packages/api/src/db/orm';
import { adminQuery, withAdmin } from './pg-admin';

// Each test file gets its own database, copied from a template that has every migration
// applied: isolation without re-running migrations per file.

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const TEMPLATE_LOCK = 7_2024_1122;

/** Creates and migrates the template once per run; jest workers wait on an advisory lock. */
async function ensureTemplate(template: string): Promise<void> {
  await withAdmin(async (c) => {
    await c.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [template]);
      if (rowCount) return;
      const building = `${template}_build`;
      await c.query(`drop database if exists "${building}" with (force)`);
      await c.query(`create database "${building}"`);
      const orm = await openOrm(withDatabase(process.env.JIAFANG_TEST_ADMIN_URL!, building));
      try {
        await migrate(orm);
      } finally {
        await orm.close(true);
      }
      // Renamed only once complete, so a failed migration never leaves a half-built template.
      await c.query(`alter database "${building}" rename to "${template}"`);
    } finally {
      await c.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A database with nothing in it, not even the migrations: for restores and first starts. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const admin = process.env.JIAFANG_TEST_ADMIN_URL;
  if (!admin) throw new Error('tests/support/global-setup.ts did not run');
  const name = `jiafang_e_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database "${name}"`);
  return {
    url: withDatabase(admin, name),
    drop: () => adminQuery(`drop database if exists "${name}" with (force)`),
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = process.env.JIAFANG_TEST_ADMIN_URL;
  const template = process.env.JIAFANG_TEST_TEMPLATE;
  if (!admin || !template) throw new Error('tests/support/global-setup.ts did not run');
  await ensureTemplate(template);
  const name = `jiafang_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database "${name}" template "${template}"`);
  return {
    url: withDatabase(admin, name),
    drop: () => adminQuery(`drop database if exists "${name}" with (force)`),
  };
}
