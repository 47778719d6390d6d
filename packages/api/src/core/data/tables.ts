import type { MetadataStorage } from '@mikro-orm/core';
import type { ChildrenSpec, FieldSpec, ResourceSpec } from '../resource/spec';
import { resourceOf } from '../resource/registry';

/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A many-to-many reference's join table: the owner's and the target's columns in it. */
export interface Pivot {
  table: string;
  owner: string;
  target: string;
}

/** Where a resource lives in SQL, read once from the ORM's metadata (the entity is declared once). */
export interface Table {
  name: string;
  /** Column of each stored field (entity property name → column); a reference's is its foreign key. */
  columns: Map<string, string>;
  /** Every column of the table's own rows, named, for a statement that reads whole rows: a prepared `t0.*` would fail once a migration added a column ("cached plan must not change result type"). */
  stored: string[];
  pivots: Map<string, Pivot>;
}

const tables = new WeakMap<ResourceSpec, Table>();

export function tableOf(meta: MetadataStorage, res: ResourceSpec): Table {
  let table = tables.get(res);
  if (table) return table;
  const m = meta.get(res.entity.name);
  table = { name: m.tableName, columns: new Map(), stored: [], pivots: new Map() };
  for (const p of Object.values(m.properties)) {
    const own = p.kind === 'scalar' || p.kind === 'm:1' || (p.kind === '1:1' && p.owner);
    if (own && p.persist !== false && !p.formula) table.stored.push(...(p.fieldNames ?? []));
    if (p.kind === 'm:n' && p.owner) {
      table.pivots.set(p.name, { table: p.pivotTable, owner: p.joinColumns[0], target: p.inverseJoinColumns[0] });
    } else if (p.fieldNames?.length === 1) {
      table.columns.set(p.name, p.fieldNames[0]);
    }
  }
  tables.set(res, table);
  return table;
}

/** The column of a field, failing loudly for a field that has none (a secret, a list). */
export function columnOf(meta: MetadataStorage, res: ResourceSpec, field: FieldSpec | string): string {
  const name = typeof field === 'string' ? field : field.name;
  const column = tableOf(meta, res).columns.get(name);
  if (!column) throw new Error(`${res.name}.${name} has no column`);
  return column;
}

/** The column of a child list's rows that points back at the parent. */
export function inverseColumnOf(meta: MetadataStorage, child: ChildrenSpec): { res: ResourceSpec; column: string } {
  const res = resourceOf(child.target());
  return { res, column: columnOf(meta, res, child.inverse) };
}
