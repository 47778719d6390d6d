import fs from 'node:fs';
import { adminQuery } from './pg-admin';

export default async function globalTeardown(): Promise<void> {
  await adminQuery(`drop database if exists "${process.env.JIAFANG_TEST_TEMPLATE}" with (force)`).catch(() => undefined);
  const pg = (globalThis as Record<string, unknown>).__JIAFANG_PG__ as { stop(): Promise<void>; dir: string } | undefined;
  if (pg) {
    await pg.stop();
    fs.rmSync(pg.dir, { recursive: true, force: true });
  }
}
