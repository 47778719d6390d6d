import { raw, UnderscoreNamingStrategy, type FilterQuery } from '@mikro-orm/core';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import type { Viewer } from '../context';
import { badField, forbidden } from '../errors';
import { fullForEveryRow } from '../access/policy';
import { resourceOf } from '../resource/registry';
import { comparisonOperators, isSortable } from './gql-types';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIKRO_OPERATORS: Record<string, string> = { neq: '$ne', lt: '$lt', lte: '$lte', gt: '$gt', gte: '$gte', in: '$in' };
const naming = new UnderscoreNamingStrategy();
/** A search term past this is no search a person types; an ILIKE over several columns with it is slow. */
const MAX_SEARCH = 100;
/** A filter value of a text field without a declared length. */
const MAX_FILTER_TEXT = 200;

/** The page size asked for (default the maximum), refused outside 1…max; pages count from 0. */
export function checkPage(page: number | null | undefined, perPage: number | null | undefined, max: number, fallback = max): number {
  const size = perPage ?? fallback;
  if (size < 1 || size > max) throw badField('perPage', `perPage 应在 1 到 ${max} 之间`, 'PAGE_SIZE');
  if ((page ?? 0) < 0) throw badField('page', 'page 从 0 开始，不能为负数', 'PAGE');
  return size;
}

export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw badField(field, `${field} 不是有效的编号`, 'ID_FORMAT');
  return value;
}

/** Filtering or sorting on what the viewer may not read in full would let it infer the value. */
function assertReadable(res: ResourceSpec, field: FieldSpec, viewer: Viewer | undefined, argument: string): void {
  if (viewer && !fullForEveryRow(res, field, viewer)) {
    throw forbidden(`当前角色不能按${field.label}筛选或排序`, { field: argument, rule: 'FIELD_NOT_READABLE' });
  }
}

/**
 * The search paths `q` looks in for this viewer: those it reads in full. A masked 身份证号 is left
 * out rather than refusing the search, and never matched (a match would reveal the hidden digits).
 */
export function searchablePaths(res: ResourceSpec, viewer: Viewer | undefined): string[] {
  return res.search.filter((p) => readablePath(res, p, viewer));
}

/** Whether a search path (`student.name`) ends in a field the viewer reads in full. */
function readablePath(res: ResourceSpec, path: string, viewer: Viewer | undefined): boolean {
  let current = res;
  const parts = path.split('.');
  for (const [i, part] of parts.entries()) {
    const field = current.fields.find((f) => f.name === part);
    if (!field) return false;
    if (i === parts.length - 1) return !viewer || fullForEveryRow(current, field, viewer);
    if (field.kind !== 'ref') return false;
    current = resourceOf(field.target!());
  }
  return false;
}

/**
 * One checked condition of an `XFilter`: a search over readable paths, a set of ids, or a test of
 * one field. Checked once here; the ORM (below) and the SQL compiler (core/data) each turn it into
 * their own condition.
 */
export type FilterTerm =
  | { kind: 'search'; paths: string[]; pattern: string }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'field'; field: FieldSpec; op: string | undefined; value: unknown };

/** Checks an `XFilter` (keys, values, what the viewer may filter on) and answers its terms. */
export function filterTerms(res: ResourceSpec, filter: Record<string, unknown> | undefined | null, viewer?: Viewer): FilterTerm[] {
  const terms: FilterTerm[] = [];
  if (!filter) return terms;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === 'q') {
      if (typeof value === 'string' && value.trim()) {
        if ([...value].length > MAX_SEARCH) throw badField('q', `关键词最多 ${MAX_SEARCH} 个字`, 'TOO_LONG');
        const paths = searchablePaths(res, viewer);
        if (paths.length === 0) throw forbidden('当前角色不能按关键词搜索此类记录', { field: 'q', rule: 'FIELD_NOT_READABLE' });
        terms.push({ kind: 'search', paths, pattern: `%${value.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
      }
      continue;
    }
    if (key === 'ids') {
      terms.push({ kind: 'ids', ids: (value as unknown[]).map((v) => checkId(v, 'ids')) });
      continue;
    }
    const [fieldName, op] = splitOperator(key);
    const field = res.fields.find((f) => f.gqlName === fieldName);
    if (!field || (op && !comparisonOperators(field).includes(op))) {
      throw badField(key, `不支持的筛选条件 ${key}`, 'FILTER_UNKNOWN');
    }
    assertReadable(res, field, viewer, key);
    checkFilterValue(field, value, key);
    terms.push({ kind: 'field', field, op, value });
  }
  return terms;
}

/** Turns an `XFilter` into MikroORM conditions (the row scope is added by the caller). */
export function filterToWhere(res: ResourceSpec, filter: Record<string, unknown> | undefined | null, viewer?: Viewer): FilterQuery<any>[] {
  return filterTerms(res, filter, viewer).map((t) =>
    t.kind === 'search' ? searchCondition(t.paths, t.pattern) : t.kind === 'ids' ? { id: { $in: t.ids } } : fieldCondition(t.field, t.op, t.value),
  );
}

function splitOperator(key: string): [string, string | undefined] {
  const i = key.lastIndexOf('_');
  return i > 0 ? [key.slice(0, i), key.slice(i + 1)] : [key, undefined];
}

function checkFilterValue(f: FieldSpec, value: unknown, key: string): void {
  if (f.kind === 'id' || f.kind === 'ref' || f.kind === 'refList') {
    if (value !== null) (Array.isArray(value) ? value : [value]).forEach((v) => checkId(v, key));
  }
  if (f.kind === 'text' && typeof value === 'string' && [...value].length > (f.maxLength ?? MAX_FILTER_TEXT)) {
    throw badField(key, `${f.label}最多 ${f.maxLength ?? MAX_FILTER_TEXT} 个字`, 'TOO_LONG');
  }
}

function fieldCondition(f: FieldSpec, op: string | undefined, value: unknown): FilterQuery<any> {
  if (f.kind === 'enumList') return { [f.name]: { $overlap: value } };
  if (f.kind === 'refList') return { [f.name]: { $in: value } };
  if (f.kind === 'json') return jsonMembersCondition(f, value as string[]);
  if (!op) return { [f.name]: value };
  return { [f.name]: { [MIKRO_OPERATORS[op]]: value } };
}

/** Rows whose json array holds an element with any of the given enum values (GIN-indexed @>). */
function jsonMembersCondition(f: FieldSpec, values: string[]): FilterQuery<any> {
  if (values.length === 0) return {};
  const column = naming.propertyToColumnName(f.name);
  const key = f.jsonMembers!.key;
  const tests = values.map(() => `"${column}" @> ?::jsonb`);
  const params = values.map((v) => JSON.stringify([{ [key]: v }]));
  return { [raw((alias) => `(${tests.map((t) => `${alias}.${t}`).join(' or ')})`, params)]: true };
}

function searchCondition(paths: string[], pattern: string): FilterQuery<any> {
  return {
    $or: paths.map((path) =>
      path
        .split('.')
        .reverse()
        .reduce<unknown>((inner, part) => ({ [part]: inner }), { $ilike: pattern }),
    ),
  } as FilterQuery<any>;
}

/** One key of a list's order: an entity property and its direction. */
export type SortTerm = { field: string; dir: 'asc' | 'desc' };

/** `sortField` (GraphQL name) checked and turned into an order, with id as the tie-breaker for stable paging. */
export function sortTerms(res: ResourceSpec, sortField: string | undefined | null, sortOrder: string | undefined | null, viewer?: Viewer): SortTerm[] {
  const order = (sortOrder ?? res.defaultSort.order).toUpperCase();
  if (order !== 'ASC' && order !== 'DESC') throw badField('sortOrder', 'sortOrder 应为 ASC 或 DESC', 'SORT_ORDER');
  const name = sortField ?? res.defaultSort.field;
  const field = res.fields.find((f) => f.gqlName === name || f.name === name);
  if (!field || !isSortable(field)) {
    const allowed = res.fields.filter(isSortable).map((f) => f.gqlName).join(', ');
    throw badField('sortField', `不能按 ${name} 排序；可用：${allowed}`, 'SORT_FIELD');
  }
  const dir = order === 'ASC' ? 'asc' : 'desc';
  // The default sort (a name) is quietly replaced for a role that cannot read it; an asked one is refused.
  if (viewer && !fullForEveryRow(res, field, viewer)) {
    if (sortField) assertReadable(res, field, viewer, 'sortField');
    return [{ field: 'createdAt', dir }, { field: 'id', dir }];
  }
  return field.name === 'id' ? [{ field: 'id', dir }] : [{ field: field.name, dir }, { field: 'id', dir }];
}

/** `sortField` to a MikroORM order (see sortTerms). */
export function orderBy(res: ResourceSpec, sortField: string | undefined | null, sortOrder: string | undefined | null, viewer?: Viewer) {
  return Object.fromEntries(sortTerms(res, sortField, sortOrder, viewer).map((t) => [t.field, t.dir]));
}
