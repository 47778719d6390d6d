// Before any timing: both servers must answer each query with the same rows (same ids in the
// same order, same names, for the nested query the same school, class, head teacher and
// guardians) and the same count. A difference stops the race.
import { send } from './graphql-client.ts';
import type { Answer, RaceQuery } from './queries.ts';

export interface Endpoints {
  jiafang: string;
  postgraphile: string;
  token: string;
}

export class RowsDiffer extends Error {
  override name = 'RowsDiffer';
}

export async function answersOf(q: RaceQuery, e: Endpoints): Promise<{ jiafang: Answer; postgraphile: Answer }> {
  const j = await send(e.jiafang, q.jiafang.body, e.token);
  const p = await send(e.postgraphile, q.postgraphile.body);
  return { jiafang: q.jiafang.read(j.data), postgraphile: q.postgraphile.read(p.data) };
}

/** Compares the two answers; throws RowsDiffer naming the first difference. Answers the row count. */
export async function verifySameRows(q: RaceQuery, e: Endpoints): Promise<{ rows: number; count?: number }> {
  const { jiafang: j, postgraphile: p } = await answersOf(q, e);
  const where = `${q.title} as ${q.role}`;
  const fail = (what: string) => {
    throw new RowsDiffer(`${where}: Jiafang and PostGraphile answer different rows: ${what}`);
  };
  if (!j.rows.length) fail('Jiafang answered no rows (nothing to compare)');
  if (j.rows.length !== p.rows.length) fail(`${j.rows.length} rows against ${p.rows.length}`);
  j.rows.forEach((row, i) => {
    const other = p.rows[i];
    if (row.id !== other.id) fail(`row ${i + 1}: id ${row.id} against ${other.id}`);
    if (row.name !== other.name) fail(`row ${i + 1} (${row.id}): name ${row.name} against ${other.name}`);
    if (row.nested !== other.nested) fail(`row ${i + 1} (${row.id}): nested\n  Jiafang:      ${row.nested}\n  PostGraphile: ${other.nested}`);
  });
  if (j.count !== p.count) fail(`count ${j.count} against ${p.count}`);
  return { rows: j.rows.length, count: j.count };
}
