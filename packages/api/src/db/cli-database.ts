import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { readConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { migrate, openOrm } from './orm';

/**
 * A command line tool's database: DATABASE_URL, or the embedded one in .data/pg; migrated, handed
 * to `work`, then closed (and the embedded server stopped) whatever happens.
 */
export async function withCliDatabase(work: (orm: MikroORM, where: { embedded: boolean }) => Promise<void>): Promise<void> {
  const config = readConfig();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    console.log('DATABASE_URL is not set: using the embedded PostgreSQL in .data/pg …');
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), 'jiafang');
  }
  try {
    const orm = await openOrm(config.databaseUrl ?? embedded!.url);
    try {
      const applied = await migrate(orm);
      if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
      await work(orm, { embedded: Boolean(embedded) });
    } finally {
      await orm.close(true);
    }
  } finally {
    await embedded?.stop();
  }
}
