import type { EntityManager } from '@mikro-orm/core';
import { knexOf } from './knex';

/**
 * Keeps the planner's statistics of the tables a long write fills in step with their size, within
 * its transaction. A first roster import into a near-empty table would otherwise be planned as if
 * the table were still empty: the key lookups of later chunks then scan every row already loaded
 * (seen at 1.3 s a chunk of 1,000 rows, where the unique index answers in 2 ms). ANALYZE counts
 * the transaction's own uncommitted rows, so it is run whenever a table has doubled since the
 * statistics were taken.
 */
export class StatisticsKeeper {
  private readonly rows = new Map<string, { estimate: number; added: number }>();

  constructor(private readonly em: EntityManager) {}

  /** Notes rows added to a table, and analyses it if they doubled it. */
  async added(table: string, count: number): Promise<void> {
    let t = this.rows.get(table);
    if (!t) {
      const [row] = await knexOf(this.em).raw('select greatest(reltuples, 0)::float8 as n from pg_class where oid = ?::regclass', [table]).then((r: { rows: Array<{ n: number }> }) => r.rows);
      t = { estimate: row?.n ?? 0, added: 0 };
      this.rows.set(table, t);
    }
    t.added += count;
    if (t.added < Math.max(t.estimate, 1000)) return;
    if (await analyze(this.em, table)) {
      t.estimate += t.added;
      t.added = 0;
    }
  }
}

/**
 * ANALYZE in the current transaction, skipped rather than waited for when another transaction
 * holds the table's ANALYZE lock (a concurrent import would otherwise wait for this one's commit).
 */
async function analyze(em: EntityManager, table: string): Promise<boolean> {
  const knex = knexOf(em);
  await knex.raw('savepoint jiafang_analyze');
  try {
    await knex.raw(`set local lock_timeout = '20ms'`);
    await knex.raw(`analyze "${table}"`);
    await knex.raw('release savepoint jiafang_analyze');
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== '55P03') throw err;
    // The lock timeout's setting goes with the rolled-back savepoint.
    await knex.raw('rollback to savepoint jiafang_analyze');
    return false;
  } finally {
    await knex.raw('set local lock_timeout = default').catch(() => undefined);
  }
}
