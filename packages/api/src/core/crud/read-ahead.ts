import type { EntityManager } from '@mikro-orm/postgresql';
import { preparedRows, statementName } from '../../db/prepared-statements';
import { positional, type PipedStatement } from '../../db/statement-pipeline';

type Row = Record<string, unknown>;

interface Kept {
  text: string;
  key: string;
  rows: Row[];
}

/** Rows read ahead for a record about to be created, until its rules take them. */
const kept = new WeakMap<object, Kept[]>();

const keyOf = (values: readonly unknown[]) => JSON.stringify(values);

/** A `?` statement as the pipeline sends it: prepared under the name preparedRows gives the same text. */
export function aheadStatement(text: string, values: readonly unknown[]): PipedStatement {
  return { text: positional(text), values, name: statementName(text) };
}

/** Keeps the rows of reads made ahead for `record` (in the order of `reads`). */
export function keepReadAhead(record: object, reads: ReadonlyArray<{ text: string; values: readonly unknown[] }>, rows: Row[][]): void {
  if (reads.length) kept.set(record, reads.map((r, i) => ({ text: r.text, key: keyOf(r.values), rows: rows[i] })));
}

/**
 * The rows of a rule's read for `record`: those read ahead with its references when the same
 * statement was read with the same values (each once), else read now. A rule never depends on
 * what was guessed ahead: a value the rules see differently (trimmed, defaulted) reads again.
 */
export async function readRows<T>(em: EntityManager, record: object, text: string, values: unknown[]): Promise<T[]> {
  const list = kept.get(record);
  const key = keyOf(values);
  const i = list?.findIndex((k) => k.text === text && k.key === key) ?? -1;
  if (i >= 0) return list!.splice(i, 1)[0].rows as T[];
  return preparedRows<T>(em, text, values);
}
