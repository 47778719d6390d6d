import { ReferenceKind, type EntityManager } from '@mikro-orm/core';
import { knexOf, pgArray } from '../../db/knex';
import { copyLoad, type CopyLoad } from '../../db/copy';
import type { ResourceSpec } from '../resource/spec';

type Row = Record<string, any>;

/**
 * New entities of one class as a COPY load (the ORM's INSERTs inline every value into the SQL
 * text, which costs more than the insert itself at this volume). Columns and conversions come
 * from the ORM's metadata.
 */
export function insertLoad(em: EntityManager, res: ResourceSpec, rows: Row[]): CopyLoad {
  const meta = em.getMetadata().get(res.entity.name);
  const platform = em.getPlatform();
  const props = meta.props.filter((p) => p.persist !== false && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE) && p.fieldNames?.length === 1);
  const value = (p: (typeof props)[number], row: Row) => {
    let v = row[p.name];
    if (p.kind === ReferenceKind.MANY_TO_ONE) return v?.id ?? null;
    if (v === undefined) v = p.name === 'version' ? 1 : null;
    if (v !== null && p.customType) v = p.customType.convertToDatabaseValue(v, platform, { mode: 'query' });
    return v;
  };
  return copyLoad(meta.tableName, props.map((p) => p.fieldNames[0]), rows.map((row) => props.map((p) => value(p, row))));
}

/**
 * The bureau's records whose natural key is one of `tuples`, as managed entities. Written as a
 * join with the unnested keys so each key is one index probe whatever the table's statistics say
 * (a large import into a new table would otherwise scan it once per chunk). Each key column is
 * matched as `>= and <=`, not `=`: a trigram index for search (身份证号) also serves `=`, and the
 * planner has taken it, at 8 ms a probe instead of the unique index's 2 µs. The rows are locked in
 * id order (see lockRows): an upsert's update is then checked against the current row.
 */
export async function findByKey(em: EntityManager, res: ResourceSpec, bureauId: string, fields: string[], tuples: string[][]): Promise<Row[]> {
  if (!tuples.length) return [];
  const meta = em.getMetadata().get(res.entity.name);
  const cols = fields.map((name) => {
    const p = meta.properties[name as never] as unknown as { fieldNames: string[]; columnTypes: string[] };
    return { column: p.fieldNames[0], type: p.columnTypes?.[0] ?? 'text' };
  });
  const knex = knexOf(em);
  const keys = cols.map((c) => `?::${c.type}[]`).join(', ');
  const result = await knex.raw(
    `select t.* from unnest(${keys}) as k(${cols.map((_, i) => `k${i}`).join(', ')})
     join "${meta.tableName}" t on t.bureau_id = ? and ${cols.map((c, i) => `t."${c.column}" >= k.k${i} and t."${c.column}" <= k.k${i}`).join(' and ')}
     order by t.id for update of t`,
    [...cols.map((_, i) => pgArray(tuples.map((t) => t[i]))), bureauId],
  );
  return (result.rows as Row[]).map((row) => em.map(res.entity, row) as Row);
}
