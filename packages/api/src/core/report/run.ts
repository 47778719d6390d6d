import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReportArgs } from './args';
import type { Grouping, ReportScope, ReportSpec } from './spec';
import { Sql } from './sql';

export type RowType = 'DETAIL' | 'SUBTOTAL' | 'TOTAL';

export interface ReportRow {
  unitId: string | null;
  unitCode: string | null;
  unitName: string;
  rowType: RowType;
  [key: string]: unknown;
}

export interface ReportResult {
  rows: ReportRow[];
  total: ReportRow;
}

interface Unit {
  id: string;
  code: string;
  name: string;
  /** Joins from the places (p) to the unit's table. */
  join: string;
}

const NO_UNIT: Record<string, string> = { school: '（未在校）', household: '（户籍村未登记）' };

function unitOf(spec: ReportSpec, grouping: Grouping, sql: Sql, scope: ReportScope): Unit {
  const none = `'${NO_UNIT[spec.place]}'`;
  switch (grouping) {
    case 'SCHOOL':
      return { id: 's.id', code: 's.code', name: `coalesce(s.name, ${none})`, join: '' };
    case 'REPORTING_UNIT':
      // 中心校: kindergartens and teaching points report under their central school.
      return { id: 'u.id', code: 'u.code', name: `coalesce(u.name, ${none})`, join: 'left join school u on u.id = coalesce(s.parent_school_id, s.id)' };
    case 'TOWN':
      return { id: 'u.id', code: 'u.code', name: `coalesce(u.name, '（未登记乡镇）')`, join: `left join region u on u.id = ${spec.place === 'school' ? 's.town_id' : 'p.town_id'}` };
    case 'VILLAGE':
      return { id: 'u.id', code: 'u.code', name: `coalesce(u.name, ${none})`, join: 'left join region u on u.id = p.village_id' };
    case 'COUNTY':
      return { id: 'u.id', code: 'null::text', name: 'u.name', join: `join bureau u on u.id = ${sql.v(scope.bureauId)}` };
  }
}

/**
 * The places a report lists (every school or village in reach, so a unit with nothing recorded
 * still shows its zeros), restricted to the caller's schools and the town or school asked for.
 */
function placesOf(spec: ReportSpec, a: ReportArgs, sql: Sql, scope: ReportScope): { text: string; restricted: boolean } {
  const where = [`bureau_id = ${sql.v(scope.bureauId)}`];
  if (spec.place === 'school') {
    if (scope.schoolIds) where.push(`id = any(${sql.uuids(scope.schoolIds)})`);
    if (a.schoolId) where.push(`(id = ${sql.v(a.schoolId)} or parent_school_id = ${sql.v(a.schoolId)})`);
    if (a.townId) where.push(`town_id = ${sql.v(a.townId)}`);
    return { text: `select id as school_id from school where ${where.join(' and ')}`, restricted: where.length > 1 };
  }
  where.push(`level = 'VILLAGE'`);
  // A school's reach over children by household: the towns of its schools (辖区).
  if (scope.schoolIds) where.push(`parent_id in (select town_id from school where id = any(${sql.uuids(scope.schoolIds)}))`);
  if (a.schoolId) where.push(`parent_id = (select town_id from school where id = ${sql.v(a.schoolId)})`);
  if (a.townId) where.push(`parent_id = ${sql.v(a.townId)}`);
  return { text: `select id as village_id, parent_id as town_id from region where ${where.join(' and ')}`, restricted: where.length > 2 };
}

/**
 * Runs a report in one statement: the report's base rows per school (or village), joined to every
 * place in reach, grouped into the requested units with subtotals and the county total by
 * GROUPING SETS, percentages computed from the grouped sums.
 */
export async function runReport(em: EntityManager, spec: ReportSpec, a: ReportArgs, scope: ReportScope): Promise<ReportResult> {
  const sql = new Sql();
  const base = spec.base(a, sql, scope);
  const places = placesOf(spec, a, sql, scope);
  const unit = unitOf(spec, a.groupBy, sql, scope);
  const key = spec.place === 'school' ? 'school_id' : 'village_id';
  const dims = (spec.dimensions ?? []).map((d) => d.key);
  const unitCols = [unit.id, unit.code, unit.name];

  const measures = spec.columns.filter((c) => c.kind !== 'blank').map((c) => {
    switch (c.kind) {
      case 'count':
        return `coalesce(sum(b."${c.key}"), 0)::int as "${c.key}"`;
      case 'money':
        return `coalesce(sum(b."${c.key}"), 0)::float8 as "${c.key}"`;
      case 'text':
        return `case when count(distinct b."${c.key}") = 1 then min(b."${c.key}") end as "${c.key}"`;
      case 'percent':
        return `round(100.0 * sum(b."${c.of![0]}") / nullif(sum(b."${c.of![1]}"), 0), 1)::float8 as "${c.key}"`;
    }
  });
  const sets = [[...unitCols, ...dims.map((d) => `b."${d}"`)]];
  if (spec.subtotalBy && dims.length > 0 && !(a.groupBy === 'COUNTY' && spec.subtotalBy.length === 0)) {
    sets.push([...unitCols, ...spec.subtotalBy.map((d) => `b."${d}"`)]);
  }
  sets.push([]);

  const text = `
    with base as (${base}), places as (${places.text})
    select ${unit.id} as "unitId", ${unit.code} as "unitCode", ${unit.name} as "unitName",
      ${dims.map((d) => `b."${d}" as "${d}", grouping(b."${d}") as "g_${d}",`).join(' ')}
      grouping(${unit.id}) as g_unit, ${measures.join(', ')}
    from places p
    full join base b on b.${key} = p.${key}
    left join school s on s.id = ${spec.place === 'school' ? 'p.school_id' : 'null'}
    ${unit.join}
    where p.${key} is not null or (b.${key} is null and ${places.restricted ? 'false' : 'true'})
    group by grouping sets (${sets.map((s) => `(${s.join(', ')})`).join(', ')})
    ${dims.length ? `having count(b.*) > 0 or grouping(${unit.id}) = 1` : ''}
    order by g_unit, ${unit.code} nulls last, ${unit.name}${dims.map((d) => `, grouping(b."${d}"), b."${d}"`).join('')}`;
  const raw = await sql.run<Record<string, any>>(em, text);

  const rows: ReportRow[] = [];
  let total: ReportRow | null = null;
  for (const r of raw) {
    const rowType: RowType = r.g_unit ? 'TOTAL' : dims.some((d) => r[`g_${d}`]) ? 'SUBTOTAL' : 'DETAIL';
    const row: ReportRow = { unitId: r.unitId, unitCode: r.unitCode, unitName: r.unitName ?? '', rowType };
    for (const d of spec.dimensions ?? []) {
      row[d.key] = r[`g_${d.key}`] ? null : r[d.key];
      if (d.labels) row[`${d.key}Label`] = row[d.key] == null ? null : (d.labels[row[d.key] as string] ?? row[d.key]);
    }
    for (const c of spec.columns.filter((x) => x.kind !== 'blank')) row[c.key] = rowType === 'TOTAL' && c.kind === 'text' ? null : r[c.key];
    if (rowType === 'TOTAL') {
      row.unitId = null;
      row.unitCode = null;
      row.unitName = '合计';
      total = row;
    } else rows.push(row);
  }
  // A level (cases open at month end) totals as the last period's figure across the units.
  const stocks = spec.columns.filter((c) => c.stock);
  const period = spec.subtotalBy?.[0];
  if (stocks.length && period && total) {
    const subtotals = rows.filter((r) => r.rowType === 'SUBTOTAL' && r[period] != null);
    const last = subtotals.reduce<unknown>((m, r) => (m == null || String(r[period]) > String(m) ? r[period] : m), null);
    for (const c of stocks) total[c.key] = subtotals.filter((r) => r[period] === last).reduce((n, r) => n + Number(r[c.key]), 0);
  }
  return { rows, total: total! };
}
