import type { MetadataStorage } from '@mikro-orm/core';
import { getArgumentValues, getNamedType, Kind, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { Viewer } from '../context';
import type { ViewLog } from '../audit/view-log';
import type { ResourceSpec } from '../resource/spec';
import { unauthenticated } from '../errors';
import { filterTerms, sortTerms, type FilterTerm, type SortTerm } from '../crud/where';
import { ident, tableOf } from './tables';
import { scopeSql, sqlBuild, type AccessRules, type SqlBuild } from './scope-sql';
import { filterSql, orderSql } from './filter-sql';
import { compileObject, type Exact } from './compile';
import { finishRows } from './shape';
import { selectionOf, type Selection } from './selection';

/** Sends one statement with $n parameters (kept prepared on its connection) and answers its rows. */
export type RunSql = (text: string, values: unknown[]) => Promise<Array<Record<string, any>>>;

/** A list read checked once: its page, order and filter terms. */
export interface ListQuery {
  res: ResourceSpec;
  limit: number;
  offset: number;
  sort: SortTerm[];
  filter: FilterTerm[];
}

/**
 * The request's reads: every row it answers is found through here, within the viewer's scope and
 * field rules. A list or a single record with its nested references and child lists is one SQL
 * statement built from the GraphQL selection, its JSON finished without ORM entities.
 */
export class DataGateway {
  /** Counts answered with a list in the same statement, by resource and filter. */
  private readonly counts = new Map<string, Promise<number>>();

  /** Set when the caller can put a list's JSON text into the answer (the GraphQL route). */
  private texts: Map<string, string> | undefined;

  constructor(
    private readonly meta: MetadataStorage,
    private readonly rules: AccessRules,
    private readonly run: RunSql,
    readonly viewer: Viewer | null,
    private readonly views: ViewLog,
    options: { answerTexts?: boolean } = {},
  ) {
    if (options.answerTexts) this.texts = new Map();
  }

  private build(): SqlBuild {
    if (!this.viewer) throw unauthenticated();
    return sqlBuild(this.meta, this.rules, this.viewer);
  }

  /** Checks a list's arguments (errors as for any list) into a query. */
  listQuery(res: ResourceSpec, a: { limit: number; offset: number; sortField?: string | null; sortOrder?: string | null; filter?: Record<string, unknown> | null }): ListQuery {
    return { res, limit: a.limit, offset: a.offset, sort: sortTerms(res, a.sortField, a.sortOrder, this.viewer ?? undefined), filter: filterTerms(res, a.filter, this.viewer ?? undefined) };
  }

  /**
   * The page of rows for the selection; undefined when the selection needs resolvers (the caller
   * reads through the ORM). When the same operation also asks `countField` with the same filter
   * (react-admin's list page does), the count comes in the same statement.
   */
  async list(q: ListQuery, info: GraphQLResolveInfo, count?: { field: string; filter: Record<string, unknown> | null | undefined }): Promise<object[] | undefined> {
    const sel = selectionOf(info);
    // The count to answer in the list's statement, decided before any await so that the count
    // field, asked beside it, finds it is answered here.
    const countKey = count && siblingAsks(info, count.field, count.filter) ? `${q.res.name}:${stableJson(count.filter)}` : undefined;
    const counting = countKey && !this.counts.has(countKey) ? countKey : undefined;
    if (this.texts && !info.path.prev) {
      const text = this.listText(q, info, sel, counting);
      if (text) {
        this.texts.set(info.path.key as string, await text);
        // The executor puts the text in its place (answerTexts).
        return [];
      }
    }
    const b = this.build();
    const object = compileObject(b, q.res, sel, 't0');
    if (!object) return undefined;
    const { page, count: countSql } = this.pageSql(b, q, `${object.json} as j`, object.joins);
    if (!counting) return finishRows(object.shape, (await this.run(page, b.params.values)).map((r) => r.j), b.viewer, this.views);
    const both = this.counted(counting, this.run(`select ${countSql} as n, coalesce((select json_agg(x.j) from (${page}) x), '[]'::json) as rows`, b.params.values));
    return finishRows(object.shape, (await both)[0].rows, b.viewer, this.views);
  }

  /**
   * A top list's answer as JSON text, built whole by PostgreSQL: nothing is parsed, finished or
   * serialized again in JavaScript. Undefined when the selection needs JavaScript (a mask only
   * JavaScript writes, a rule of the row, a computed field, an alias). `counting`: the count
   * asked beside it, answered in the same statement.
   */
  private listText(q: ListQuery, info: GraphQLResolveInfo, sel: Selection, counting: string | undefined): Promise<string> | undefined {
    const b = this.build();
    const exact: Exact = { audits: [], type: getNamedType(info.returnType) as GraphQLObjectType };
    const object = compileObject(b, q.res, sel, 't0', exact);
    if (!object) return undefined;
    const audits = exact.audits!;
    const { page, count: countSql } = this.pageSql(b, q, `t0."id", ${object.json} as j${audits.map((x, i) => `, ${x.read} as a${i}`).join('')}`, object.joins);
    const sql = `select ${counting ? `${countSql} as n, ` : ''}coalesce(json_agg(x.j), '[]'::json)::text as rows${audits
      .map((_x, i) => `, array_to_string(array_agg(x."id") filter (where x.a${i}), ',') as a${i}`)
      .join('')} from (${page}) x`;
    const run = this.run(sql, b.params.values);
    const answer = counting ? this.counted(counting, run) : run;
    return answer.then(([row]) => {
      audits.forEach((x, i) => {
        for (const id of row[`a${i}`] ? (row[`a${i}`] as string).split(',') : []) this.views.record(q.res.name, id, x.key);
      });
      return row.rows as string;
    });
  }

  /** Notes that the statement `rows` answers the count of `key` (its column `n`); answers `rows`. */
  private counted(key: string, rows: ReturnType<RunSql>): ReturnType<RunSql> {
    const n = rows.then((r) => r[0].n as number);
    // The count field awaits it; should it not (its answer already decided), a failure must not go unhandled.
    n.catch(() => undefined);
    this.counts.set(key, n);
    return rows;
  }

  /** Top lists answered as text (listText), by response key; taken by the executor. */
  takeTexts(): Map<string, string> | undefined {
    const texts = this.texts?.size ? this.texts : undefined;
    if (texts) this.texts = new Map();
    return texts;
  }

  /** How many rows a list's filter matches within the viewer's scope. */
  async count(res: ResourceSpec, filter: Record<string, unknown> | null | undefined): Promise<number> {
    const asked = this.counts.get(`${res.name}:${stableJson(filter)}`);
    if (asked) return asked;
    const terms = filterTerms(res, filter, this.viewer ?? undefined);
    const b = this.build();
    const rows = await this.run(`select count(*)::int as n from ${ident(tableOf(this.meta, res).name)} t0 where ${this.where(b, res, terms)}`, b.params.values);
    return rows[0].n as number;
  }

  /** One row for the selection (null when out of reach or absent); undefined as for list. */
  async one(res: ResourceSpec, id: string, info: GraphQLResolveInfo): Promise<object | null | undefined> {
    const b = this.build();
    const object = compileObject(b, res, selectionOf(info), 't0');
    if (!object) return undefined;
    const sql = `select ${object.json} as j from ${ident(tableOf(this.meta, res).name)} t0${object.joins} where t0."id" = ${b.params.add(id)} and ${scopeSql(b, res, 't0')}`;
    const rows = await this.run(sql, b.params.values);
    return rows.length ? finishRows(object.shape, [rows[0].j], b.viewer, this.views)[0] : null;
  }

  /** A list's page selecting `columns` (`joins` after its table), and the count of its filter, as SQL. */
  private pageSql(b: SqlBuild, q: ListQuery, columns: string, joins: string): { page: string; count: string } {
    const table = `${ident(tableOf(this.meta, q.res).name)} t0`;
    const where = this.where(b, q.res, q.filter);
    const order = orderSql(b, q.res, 't0', q.sort);
    // The page's size is written into the text: with a $n limit PostgreSQL's generic plan assumes a
    // tenth of the table and sorts it (20 ms instead of 2), so it planned anew on every request.
    const limit = `limit ${pageBound(q.limit)}`;
    // Past the first page, the page's rows are found first and only they are joined and turned into
    // JSON: PostgreSQL would otherwise build every skipped row's answer before the offset drops it
    // (a school's 40th page: 7 ms instead of 2.4). Their offset is a parameter, so every later page
    // of a list is one prepared statement: as text (one statement per offset, parsed and planned on
    // every request) the admin's later pages cost PostgreSQL 0.5 ms more each.
    const page = laterPage(q)
      ? `select ${columns} from (select t0.* from ${table} where ${where} order by ${order} ${limit} offset ${b.params.add(pageBound(q.offset))}) t0${joins} order by ${order}`
      : `select ${columns} from ${table}${joins} where ${where} order by ${order} ${limit}`;
    return { page, count: `(select count(*)::int from ${table} where ${where})` };
  }

  private where(b: SqlBuild, res: ResourceSpec, terms: FilterTerm[]): string {
    return [scopeSql(b, res, 't0', 'rows'), ...filterSql(b, res, 't0', terms)].join(' and ');
  }
}

/** A page past the first: its rows are found before they are joined (pageSql). */
function laterPage(q: ListQuery): boolean {
  return q.offset > 0;
}

/** A page bound: only ever a non-negative integer (the limit is written into the text). */
function pageBound(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`page bound ${n} is not a count`);
  return n;
}

/** Whether the operation also asks root field `field` with this filter. */
function siblingAsks(info: GraphQLResolveInfo, field: string, filter: Record<string, unknown> | null | undefined): boolean {
  const def = info.parentType.getFields()[field];
  if (!def) return false;
  const wanted = stableJson(filter);
  return info.operation.selectionSet.selections.some(
    (s) => s.kind === Kind.FIELD && s.name.value === field && stableJson(getArgumentValues(def, s, info.variableValues).filter as Record<string, unknown> | undefined) === wanted,
  );
}

/** JSON with keys sorted, so equal filters compare equal whatever order they were written in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}
