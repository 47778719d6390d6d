import type { FieldSpec, ResourceSpec } from '../resource/spec';
import type { FilterTerm, SortTerm } from '../crud/where';
import { columnOf, ident, tableOf } from './tables';
import { pathSql, type SqlBuild } from './scope-sql';

const COMPARISONS: Record<string, string> = { neq: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };
const ARRAY_TYPES: Partial<Record<FieldSpec['kind'], string>> = { id: 'uuid[]', ref: 'uuid[]', refList: 'uuid[]', enum: 'text[]', enumList: 'text[]' };

/** A list's checked filter terms (core/crud/where.ts filterTerms) as SQL conditions on row `a`. */
export function filterSql(b: SqlBuild, res: ResourceSpec, a: string, terms: FilterTerm[]): string[] {
  return terms.map((t) => {
    if (t.kind === 'ids') return `${a}."id" = any(${b.params.add(t.ids)}::uuid[])`;
    if (t.kind === 'search') {
      const pattern = b.params.add(t.pattern);
      return `(${t.paths.map((path) => pathSql(b, res, a, path.split('.'), `ilike ${pattern}`)).join(' or ')})`;
    }
    return fieldSql(b, res, a, t.field, t.op, t.value);
  });
}

function fieldSql(b: SqlBuild, res: ResourceSpec, a: string, f: FieldSpec, op: string | undefined, value: unknown): string {
  if (f.kind === 'refList') {
    const pivot = tableOf(b.meta, res).pivots.get(f.name)!;
    const p = b.alias();
    return `exists (select 1 from ${ident(pivot.table)} ${p} where ${p}.${ident(pivot.owner)} = ${a}."id" and ${p}.${ident(pivot.target)} = any(${b.params.add(value)}::uuid[]))`;
  }
  const column = `${a}.${ident(columnOf(b.meta, res, f))}`;
  if (f.kind === 'enumList') return `${column} && ${b.params.add(value)}::text[]`;
  if (f.kind === 'json') {
    const values = value as string[];
    if (values.length === 0) return 'true';
    const key = f.jsonMembers!.key;
    return `(${values.map((v) => `${column} @> ${b.params.add(JSON.stringify([{ [key]: v }]))}::jsonb`).join(' or ')})`;
  }
  if (op === 'in') return `${column} = any(${b.params.add(value)}::${ARRAY_TYPES[f.kind] ?? 'text[]'})`;
  if (value === null) return op === 'neq' ? `${column} is not null` : `${column} is null`;
  return `${column} ${op ? COMPARISONS[op] : '='} ${b.params.add(value)}`;
}

/** A list's order (core/crud/where.ts sortTerms) as SQL on row `a`. */
export function orderSql(b: SqlBuild, res: ResourceSpec, a: string, terms: SortTerm[]): string {
  return terms.map((t) => `${a}.${ident(columnOf(b.meta, res, t.field))} ${t.dir}`).join(', ');
}
