import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../packages/api/src/db/embedded';
import { adminQuery } from './pg-admin';

/**
 * Starts PostgreSQL for the run (embedded, unless TEST_DATABASE_URL names a server) and names the
 * template database every test file copies. The first test file to need it migrates it (see
 * database.ts): MikroORM cannot run here, outside jest's sandbox (mikro-orm issue #3783).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiafang-test-pg-'));
    fs.chmodSync(dir, 0o755);
    const db = await startEmbeddedPostgres(path.join(dir, 'data'), 'postgres', () => undefined);
    (globalThis as Record<string, unknown>).__JIAFANG_PG__ = { stop: db.stop, dir };
    adminUrl = db.url;
  }
  const template = `jiafang_tpl_${process.pid}`;
  process.env.JIAFANG_TEST_ADMIN_URL = adminUrl;
  process.env.JIAFANG_TEST_TEMPLATE = template;
  await adminQuery(`drop database if exists "${template}" with (force)`);
  console.log(`\ntests use PostgreSQL at ${new URL(adminUrl).host}${process.env.TEST_DATABASE_URL ? ' (TEST_DATABASE_URL)' : ' (embedded)'}`);
}
