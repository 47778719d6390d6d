import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';

/**
 * Knex on the EntityManager's transaction (or the pool outside one), for statements sent with
 * bound parameters rather than the ORM's inlined values.
 */
export function knexOf(em: EntityManager) {
  const sqlEm = em as unknown as SqlEntityManager;
  return sqlEm.getTransactionContext() ?? sqlEm.getKnex();
}

/** A PostgreSQL array literal of text values, for one bound parameter (knex expands JS arrays). */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
