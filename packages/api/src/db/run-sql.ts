import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import type { RunSql } from '../core/data/gateway';
import { countStatement } from './query-log';
import { statementName } from './prepared-statements';

interface PgClient {
  query(q: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Array<Record<string, any>> }>;
}

// One runner per ORM: every request and every VIEW write ask for it, and need not build it again.
const runners = new WeakMap<MikroORM, RunSql>();

/**
 * Runs a compiled read on a pooled connection (with the pool's statement timeout), straight on
 * the driver: its $n parameters need no rewriting and its rows no ORM.
 */
export function sqlRunner(orm: MikroORM): RunSql {
  let runner = runners.get(orm);
  if (!runner) runners.set(orm, (runner = makeRunner(orm)));
  return runner;
}

function makeRunner(orm: MikroORM): RunSql {
  const client = (orm.em as unknown as SqlEntityManager).getKnex().client as { acquireConnection(): Promise<PgClient>; releaseConnection(c: PgClient): Promise<void> };
  const debug = !!process.env.DEBUG_SQL;
  return async (text, values) => {
    // Statements only: the values may be children's data.
    if (debug) console.log(`[sql] ${text}`);
    const conn = await client.acquireConnection();
    try {
      countStatement();
      return (await conn.query({ name: statementName(text), text, values })).rows;
    } finally {
      await client.releaseConnection(conn);
    }
  };
}
