import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { readConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { migrate, openOrm } from './orm';

/**
 * A command line tool's database URL: DATABASE_URL, or the embedded one in .data/pg, started for
 * `work` and stopped after it whatever happens.
 */
export async function withCliDatabaseUrl(work: (url: string, where: { embedded: boolean }) => Promise<void>): Promise<void> {
  const config = readConfig();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    console.log('DATABASE_URL is not set: using the embedded PostgreSQL in .data/pg …');
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), 'jiafang');
  }
  try {
    await work(config.databaseUrl ?? embedded!.url, { embedded: Boolean(embedded) });
  } finally {
    await embedded?.stop();
  }
}

/** The same, migrated and opened with the ORM, closed after `work`. */
export async function withCliDatabase(work: (orm: MikroORM, where: { embedded: boolean }) => Promise<void>): Promise<void> {
  await withCliDatabaseUrl(async (url, where) => {
    const orm = await openOrm(url);
    try {
      const applied = await migrate(orm);
      if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
      await work(orm, where);
    } finally {
      await orm.close(true);
    }
  });
}
