import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../db/knex';

const TOKEN = /\u0000(\d+)\u0000/g;

/** A literal SQL list of enum codes for `in`, `('A', 'B')`: only for codes fixed in the source, never input. */
export const codeList = (codes: readonly string[]): string => {
  // Enum codes are [A-Z_] by construction; anything else here is a programming error, not SQL.
  if (codes.some((c) => !/^[A-Z_]+$/.test(c))) throw new Error(`not an enum code: ${codes.join(', ')}`);
  return `(${codes.map((c) => `'${c}'`).join(', ')})`;
};

/**
 * Bound parameters for hand-written report SQL. `v` returns a placeholder token that `finish`
 * turns into the driver's `?` in text order, so fragments can be built in any order.
 */
export class Sql {
  private values: unknown[] = [];

  v(value: unknown): string {
    this.values.push(value);
    return `\u0000${this.values.length - 1}\u0000`;
  }

  /** A uuid[] parameter, for `= any(…)`. */
  uuids(ids: readonly string[]): string {
    return `${this.v(pgArray(ids))}::uuid[]`;
  }

  /** A text[] parameter of enum codes, for `= any(…)`. */
  codes(codes: readonly string[]): string {
    return `${this.v(pgArray(codes))}::text[]`;
  }

  /** A student's focus categories include any of these (uses the GIN index on the column). */
  hasCategory(column: string, categories: readonly string[]): string {
    if (categories.length === 0) return 'false';
    return `(${categories.map((c) => `${column} @> ${this.v(JSON.stringify([{ category: c }]))}::jsonb`).join(' or ')})`;
  }

  /**
   * The same test as one expression, for a value computed per row inside an aggregate: cheaper
   * there than `hasCategory`'s OR, but no index can serve it.
   */
  anyCategory(column: string, categories: readonly string[]): string {
    if (categories.length === 0) return 'false';
    return `${column} @> any(array[${categories.map((c) => `${this.v(JSON.stringify([{ category: c }]))}::jsonb`).join(', ')}])`;
  }

  finish(text: string): { text: string; params: unknown[] } {
    const params: unknown[] = [];
    const out = text.replace(TOKEN, (_m, i) => {
      params.push(this.values[Number(i)]);
      return '?';
    });
    return { text: out, params };
  }

  async run<T = Record<string, unknown>>(em: EntityManager, text: string): Promise<T[]> {
    const q = this.finish(text);
    // Within the EntityManager's transaction when it has one (raise.ts locks and inserts in one).
    return em.getConnection().execute(q.text, q.params, 'all', em.getTransactionContext()) as Promise<T[]>;
  }
}
