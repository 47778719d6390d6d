import type { EntityManager } from '@mikro-orm/postgresql';
import { ArgsType, Int } from 'type-graphql';
import { declareField, namedClass } from '../crud/gql-types';
import { REPORT_ARGS } from './graphql';
import type { Viewer } from '../context';
import { forbidden } from '../errors';
import { readsChildLists } from '../access/policy';
import { checkPage } from '../crud/where';
import { MAX_PAGE_SIZE } from '../crud/resolver';
import { reportScope } from './access';
import { resolveArgs, type ReportArgs } from './args';
import type { ReportArgName, ReportScope, ReportSpec } from './spec';
import { Sql } from './sql';

/** The rows behind a report's figures (spec.list): their SQL over the checked arguments, and their order over its columns (alias x). */
export interface ReportListQuery {
  rows(a: ReportArgs, sql: Sql, scope: ReportScope): string;
  order: string | ((a: ReportArgs) => string);
}

/**
 * The reach and arguments for a list behind a report: the report's own access, then only roles
 * that may read the people behind figures (never tokens); arguments checked as the report checks them.
 */
export async function listScope(em: EntityManager, viewer: Viewer | null, spec: ReportSpec, raw: Partial<Record<ReportArgName, unknown>>) {
  const scope = reportScope(viewer, spec);
  if (!readsChildLists(scope.viewer)) throw forbidden('当前角色只能读取汇总数据，不能查看名单', { rule: 'AGGREGATES_ONLY' });
  const a = await resolveArgs(em, spec, raw, scope);
  return { scope, a };
}

/** Every row of the list (a download's sheet), or one page of it with the total count. */
export async function listRows<T = Record<string, any>>(
  em: EntityManager, a: ReportArgs, scope: ReportScope, q: ReportListQuery, paging?: { page?: number | null; perPage?: number | null },
): Promise<{ count: number; rows: T[] }> {
  const sql = new Sql();
  const from = `(${q.rows(a, sql, scope)}) x`;
  const order = typeof q.order === 'function' ? q.order(a) : q.order;
  if (!paging) {
    const rows = await sql.run<T>(em, `select x.* from ${from} order by ${order}`);
    return { count: rows.length, rows };
  }
  const size = checkPage(paging.page, paging.perPage, MAX_PAGE_SIZE, 100);
  const rows = await sql.run<T & { list_total: number }>(em, `
    select x.*, count(*) over () as list_total from ${from} order by ${order}
    limit ${sql.v(size)} offset ${sql.v((paging.page ?? 0) * size)}`);
  if (rows.length) return { count: Number(rows[0].list_total), rows };
  // A page past the end still answers the total.
  const counting = new Sql();
  const [row] = await counting.run<{ n: number }>(em, `select count(*)::int as n from (${q.rows(a, counting, scope)}) x`);
  return { count: row.n, rows: [] };
}

/**
 * The arguments of a list behind a report: the report's filters (all but the grouping) and its own
 * options, all optional, then page and perPage. The admin finds the list by these.
 */
export function reportListArgs(spec: ReportSpec, name: string): new () => object {
  const Cls = namedClass(name);
  for (const a of spec.args.filter((x) => x !== 'groupBy')) declareField(Cls, a, REPORT_ARGS[a].type, { nullable: true, description: REPORT_ARGS[a].description });
  for (const o of spec.options ?? []) declareField(Cls, o.name, o.type, { nullable: true, description: o.description });
  declareField(Cls, 'page', () => Int, { nullable: true, description: '页码，从0开始' });
  declareField(Cls, 'perPage', () => Int, { nullable: true, description: '每页条数（缺省100，最多1000）' });
  ArgsType()(Cls);
  return Cls;
}

/**
 * One page of a list behind a report, from the list query's arguments (reportListArgs): checked
 * as the report checks them, for the roles that may read lists, with the total count.
 */
export async function reportListPage<T = Record<string, any>>(em: EntityManager, viewer: Viewer | null, spec: ReportSpec, q: ReportListQuery, args: Record<string, unknown>) {
  const { page, perPage, ...raw } = args as { page?: number | null; perPage?: number | null };
  const { scope, a } = await listScope(em, viewer, spec, raw);
  return { scope, a, ...(await listRows<T>(em, a, scope, q, { page, perPage })) };
}
