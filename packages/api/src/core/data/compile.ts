import { getNamedType, type GraphQLObjectType } from 'graphql';
import type { ChildrenSpec, FieldSpec, ResourceSpec } from '../resource/spec';
import type { FieldRule } from '../access/types';
import { childrenOf, targetResource } from '../resource/registry';
import { AUDITED_READS } from '../audit/view-log';
import { SQL_MASKS } from '../access/mask';
import { columnOf, ident, inverseColumnOf, tableOf } from './tables';
import { scopeSql, type SqlBuild } from './scope-sql';
import type { Selection } from './selection';
import { computedField, type ComputedTools } from './computed';

/**
 * What the compiled JSON of one object still needs in JavaScript: values read masked or by a rule
 * of the row, full reads to audit, and the nested objects below it.
 */
export interface Shape {
  res: ResourceSpec;
  leaves: Array<{ key: string; field: FieldSpec; rule: FieldRule; audited: boolean }>;
  nested: Array<{ key: string; shape: Shape; many: boolean }>;
  /** References by property name, for rules that look at the row (`row.recordedBy.id`). */
  refs: FieldSpec[];
}

export interface CompiledObject {
  /** A SQL expression building the object's JSON from the row aliased in it. */
  json: string;
  /**
   * `left join`s the expression needs after the row's table (its single references, each within
   * the viewer's scope in its `on`): a join is cheaper for PostgreSQL than a subquery per row.
   */
  joins: string;
  shape: Shape;
}

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** json_build_object takes at most 100 arguments. */
const PAIRS_PER_CALL = 50;

function jsonObject(pairs: Array<[string, string]>): string {
  const calls: string[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_CALL) {
    calls.push(`json_build_object(${pairs.slice(i, i + PAIRS_PER_CALL).map(([k, v]) => `'${k}', ${v}`).join(', ')})`);
  }
  return calls.length === 1 ? calls[0] : `(${calls.map((c) => `${c}::jsonb`).join(' || ')})::json`;
}

function columnValue(b: SqlBuild, res: ResourceSpec, a: string, f: FieldSpec): string {
  const column = `${a}.${ident(columnOf(b.meta, res, f))}`;
  // The text a JavaScript Date gives, so compiled and ORM reads answer alike.
  return f.kind === 'datetime' ? `to_char(${column} at time zone 'UTC', ${UTC_ISO})` : column;
}

/**
 * The JSON of a resource's object for a GraphQL selection, as one SQL expression over the row
 * aliased `a` and the joins it needs: selected columns only, single references joined and lists
 * (child lists, reference lists) as correlated subqueries, each within the viewer's scope, fields a role may not see left in the database. Undefined
 * when the selection asks for something only a resolver can answer (a computed field).
 */
export function compileObject(b: SqlBuild, res: ResourceSpec, sel: Selection, a: string, exact?: Exact): CompiledObject | undefined {
  if (sel.args || (exact && !sel.plain)) return undefined;
  const compiled = compileFields(b, res, sel, a, exact);
  if (compiled && exact && sel.typenameAt !== undefined) compiled.pairs.splice(sel.typenameAt, 0, ['__typename', `'${exact.type.name}'`]);
  // Past one json_build_object the pieces are joined as jsonb, which sorts their keys.
  if (compiled && exact && compiled.pairs.length > PAIRS_PER_CALL) return undefined;
  return compiled && { json: jsonObject(compiled.pairs), joins: compiled.joins, shape: compiled.shape };
}

function compileFields(b: SqlBuild, res: ResourceSpec, sel: Selection, a: string, exact?: Exact): { pairs: Array<[string, string]>; joins: string; shape: Shape } | undefined {
  const shape: Shape = { res, leaves: [], nested: [], refs: [] };
  // Exact: the answer's own keys in the selection's order, so `id` only where asked.
  const pairs: Array<[string, string]> = exact ? [] : [['id', `${a}."id"`]];
  let joins = '';
  for (const [name, sub] of sel.fields) {
    if (name === 'id') {
      if (exact) pairs.push(['id', `${a}."id"`]);
      continue;
    }
    // A json field's objects (categories with dates) come whole from the column; GraphQL picks their fields.
    const field = res.fields.find((f) => f.gqlName === name && f.kind !== 'secret' && (!sub || f.kind === 'json'));
    if (field) {
      const value = exact ? exactLeaf(b, res, a, field, sub, exact, name) : leafValue(b, res, a, field, shape);
      if (value === undefined) return undefined;
      pairs.push([name, value]);
      continue;
    }
    const ref = sub && res.fields.find((f) => f.name === name && (f.kind === 'ref' || f.kind === 'refList'));
    const child = sub && !ref ? childrenOf(res).find((c) => c.name === name) : undefined;
    if (!ref && !child) {
      // Computed fields build their objects with the masks of the JavaScript shape.
      if (exact) return undefined;
      const extra = computedField(res.name, name)?.(toolsFor(b), res, a, sub);
      if (!extra) return undefined;
      pairs.push([name, extra.json]);
      if (extra.nested) shape.nested.push({ key: name, ...extra.nested });
      continue;
    }
    // Full reads to audit are taken from the top rows only.
    const below = exact && { audits: null, type: fieldType(exact.type, name) };
    const nested = ref ? referenced(b, res, a, ref, sub!, below) : childList(b, a, child!, sub!, below);
    if (!nested) return undefined;
    pairs.push([name, nested.json]);
    joins += nested.joins;
    shape.nested.push({ key: name, shape: nested.shape, many: nested.many });
  }
  if (shape.leaves.some((l) => typeof l.rule === 'function')) {
    shape.refs = res.fields.filter((f) => f.kind === 'ref');
    for (const f of shape.refs) if (!sel.fields.has(f.gqlName)) pairs.push([f.gqlName, `${a}.${ident(columnOf(b.meta, res, f))}`]);
  }
  return { pairs, joins, shape };
}

/** The object type a field of `type` holds (through lists and non-null). */
function fieldType(type: GraphQLObjectType, name: string): GraphQLObjectType {
  return getNamedType(type.getFields()[name].type) as GraphQLObjectType;
}

function leafValue(b: SqlBuild, res: ResourceSpec, a: string, f: FieldSpec, shape: Shape): string {
  if (f.kind === 'refList') {
    const pivot = tableOf(b.meta, res).pivots.get(f.name)!;
    const target = targetResource(f);
    const [p, t] = [b.alias(), b.alias()];
    return `coalesce((select json_agg(${p}.${ident(pivot.target)} order by ${p}.${ident(pivot.target)}) from ${ident(pivot.table)} ${p} join ${ident(tableOf(b.meta, target).name)} ${t} on ${t}."id" = ${p}.${ident(pivot.target)} where ${p}.${ident(pivot.owner)} = ${a}."id" and ${scopeSql(b, target, t)}), '[]'::json)`;
  }
  const rule = b.rules.fieldRule(res, f, b.viewer);
  // A value the role may not read never leaves the database.
  if (rule === 'hidden') return 'null';
  const audited = !!f.sensitivity && AUDITED_READS.has(f.sensitivity) && rule !== 'masked';
  if (rule !== 'full' || audited) shape.leaves.push({ key: f.gqlName, field: f, rule, audited });
  return columnValue(b, res, a, f);
}

/**
 * Compiling a selection into the answer's exact JSON text (no JavaScript finishing): every value
 * as GraphQL would write it. `audits` collects the top rows' full reads of audited fields as SQL
 * conditions; null below the top, where such a read makes the selection inexact.
 */
export interface Exact {
  audits: Array<{ key: string; read: string }> | null;
  /** The GraphQL type of the object compiled (its __typename, and those of the objects below). */
  type: GraphQLObjectType;
}

/** As isAuditedRead, in SQL: any value but null and an empty list. */
function auditedRead(f: FieldSpec, column: string): string {
  if (f.kind === 'enumList') return `coalesce(cardinality(${column}) > 0, false)`;
  if (f.kind !== 'json') return `${column} is not null`;
  const j = `${column}::jsonb`;
  return `case when ${column} is null or jsonb_typeof(${j}) = 'null' then false when jsonb_typeof(${j}) = 'array' then jsonb_array_length(${j}) > 0 else true end`;
}

/** Enum values written as their names (every enum of the schema so far). */
const namesItself = (e: object | undefined) => !!e && Object.entries(e).every(([k, v]) => k === v);

/** A leaf as GraphQL writes it; undefined when only JavaScript can (a mask, a rule of the row). */
function exactLeaf(b: SqlBuild, res: ResourceSpec, a: string, f: FieldSpec, sub: Selection | null, exact: Exact, name: string): string | undefined {
  if (f.kind === 'refList') return leafValue(b, res, a, f, { res, leaves: [], nested: [], refs: [] });
  const rule = b.rules.fieldRule(res, f, b.viewer);
  if (rule === 'hidden') return 'null';
  const column = `${a}.${ident(columnOf(b.meta, res, f))}`;
  if (rule === 'masked') {
    const mask = SQL_MASKS[f.sensitivity as keyof typeof SQL_MASKS];
    return mask?.kind === f.kind ? mask.sql(column) : undefined;
  }
  if (rule !== 'full') return undefined;
  if ((f.kind === 'enum' || f.kind === 'enumList') && !namesItself(f.enumObject)) return undefined;
  if (f.jsonMembers && !namesItself(f.jsonMembers.enumObject)) return undefined;
  if (f.sensitivity && AUDITED_READS.has(f.sensitivity)) {
    if (!exact.audits) return undefined;
    exact.audits.push({ key: f.gqlName, read: auditedRead(f, column) });
  }
  if (f.kind !== 'json' || !sub) return columnValue(b, res, a, f);
  // A json column's objects with the fields asked, in the order asked (absent ones null).
  if ([...sub.fields.values()].some((s) => s !== null) || !sub.plain) return undefined;
  const e = b.alias();
  // json_build_object keeps the keys' order (jsonb's would sort them).
  const keys: Array<[string, (x: string) => string]> = [...sub.fields.keys()].map((k) => [k, (x) => `${x} -> '${k}'`]);
  if (sub.typenameAt !== undefined) keys.splice(sub.typenameAt, 0, ['__typename', () => `'${fieldType(exact.type, name).name}'`]);
  const pick = (x: string) => `json_build_object(${keys.map(([k, v]) => `'${k}', ${v(x)}`).join(', ')})`;
  return `case jsonb_typeof(${column}::jsonb) when 'array' then (select coalesce(json_agg(${pick(`${e}.v`)} order by ${e}.n), '[]'::json) from jsonb_array_elements(${column}::jsonb) with ordinality ${e}(v, n)) when 'object' then ${pick(`${column}::jsonb`)} end`;
}

function referenced(b: SqlBuild, res: ResourceSpec, a: string, f: FieldSpec, sel: Selection, exact?: Exact | false) {
  const target = targetResource(f);
  const t = b.alias();
  const inner = compileObject(b, target, sel, t, exact || undefined);
  if (!inner) return undefined;
  const from = `${ident(tableOf(b.meta, target).name)} ${t}`;
  if (f.kind === 'ref') {
    // Absent, or out of the viewer's reach: no row joined, and the reference is null.
    const joins = ` left join ${from} on ${t}."id" = ${a}.${ident(columnOf(b.meta, res, f))} and ${scopeSql(b, target, t)}${inner.joins}`;
    return { json: `case when ${t}."id" is null then null else ${inner.json} end`, joins, shape: inner.shape, many: false };
  }
  const pivot = tableOf(b.meta, res).pivots.get(f.name)!;
  const p = b.alias();
  const json = `coalesce((select json_agg(${inner.json} order by ${t}."id") from ${ident(pivot.table)} ${p} join ${from} on ${t}."id" = ${p}.${ident(pivot.target)}${inner.joins} where ${p}.${ident(pivot.owner)} = ${a}."id" and ${scopeSql(b, target, t)}), '[]'::json)`;
  return { json, joins: '', shape: inner.shape, many: true };
}

function childList(b: SqlBuild, a: string, child: ChildrenSpec, sel: Selection, exact?: Exact | false) {
  const { res, column } = inverseColumnOf(b.meta, child);
  const t = b.alias();
  const inner = compileObject(b, res, sel, t, exact || undefined);
  if (!inner) return undefined;
  const json = `coalesce((select json_agg(${inner.json} order by ${listOrder(b, child, res, t)}) from ${ident(tableOf(b.meta, res).name)} ${t}${inner.joins} where ${childOf(b, res, column, t, a)}), '[]'::json)`;
  return { json, joins: '', shape: inner.shape, many: true };
}

/** A child list's order over alias `t`: the list's own, then id. */
function listOrder(b: SqlBuild, child: ChildrenSpec, res: ResourceSpec, t: string): string {
  return [...Object.entries(child.orderBy ?? {}).map(([k, dir]) => `${t}.${ident(columnOf(b.meta, res, k))} ${dir}`), `${t}."id" asc`].join(', ');
}

/** Row `t` of a child list belongs to row `a` and is within the viewer's reach. */
function childOf(b: SqlBuild, res: ResourceSpec, column: string, t: string, a: string): string {
  return `${t}.${ident(column)} = ${a}."id" and ${scopeSql(b, res, t)}`;
}

/** What computed fields build with (core/data/computed.ts): the compiler's objects, child rows in reach, columns. */
function toolsFor(b: SqlBuild): ComputedTools {
  return {
    compile: (res, sel, t) => compileObject(b, res, sel, t),
    childRows(res, a, name) {
      const child = childrenOf(res).find((c) => c.name === name);
      if (!child) return undefined;
      const { res: target, column } = inverseColumnOf(b.meta, child);
      const t = b.alias();
      return { res: target, alias: t, from: `${ident(tableOf(b.meta, target).name)} ${t}`, where: childOf(b, target, column, t, a), order: listOrder(b, child, target, t) };
    },
    column: (res, t, field) => `${t}.${ident(columnOf(b.meta, res, field))}`,
  };
}
