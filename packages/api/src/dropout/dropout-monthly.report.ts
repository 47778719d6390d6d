import { defineReport, PERIOD_ARGS, PLACE_ARGS } from '../core/report/spec';
import { enumLabels } from '../core/resource/enums';
import { enrolledOnSql } from '../roster/enrolled-on';

/** A case's category: the dropout category once confirmed, the non-dropout one once closed. */
const CATEGORY_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(enumLabels.get('DropoutCategory')!).map(([k, v]) => [k, `辍学：${v}`])),
  ...Object.fromEntries(Object.entries(enumLabels.get('NonDropoutCategory')!).map(([k, v]) => [k, `非辍学：${v}`])),
  UNCLASSIFIED: '尚未认定（疑似、核查中）',
  IN_SCHOOL: '在校生（含请假、休学）',
};

/**
 * 控辍保学月报 (002 附件2-2 Ⅳ类): per month and category, the cases discovered, confirmed as
 * dropouts, returned to school and closed as non-dropouts, and the cases still open at month end.
 */
export const dropoutMonthlyReport = defineReport({
  name: 'dropoutMonthlyReport',
  title: '控辍保学月报表',
  form: '002 控辍保学月报（附件2-2 Ⅳ类）',
  description: '每月各类别新发现疑似失辍学、确认辍学、劝返复学、核查结案人数及月末未结案件',
  kind: 'aggregate',
  args: [...PERIOD_ARGS, ...PLACE_ARGS],
  place: 'school',
  defaultGrouping: 'COUNTY',
  unitHead: '单位',
  dimensions: [
    { key: 'month', label: '月份' },
    { key: 'category', label: '类别', labels: CATEGORY_LABELS },
  ],
  subtotalBy: ['month'],
  columns: [
    { key: 'opened', label: '新发现疑似失（辍）学', kind: 'count' },
    { key: 'confirmed', label: '确认辍学', kind: 'count' },
    { key: 'returned', label: '劝返复学', kind: 'count' },
    { key: 'closed', label: '核查结案（非辍学）', kind: 'count' },
    {
      key: 'openAtMonthEnd', label: '月末未结案件', kind: 'count', stock: true, description: '月末未结案件（合计行为最后一个月的数）',
      flow: { in: ['opened'], out: ['returned', 'closed'] },
    },
    {
      key: 'inSchool', label: '月末在校生人数', kind: 'count', stock: true,
      description: '以实际在校生人数为准，含请假、休学（按学籍异动推算月末学籍；合计行为最后一个月的数）',
    },
  ],
  // Each event counts in the month of its own date; a case is open at a month's end from its
  // discovery until its return or closing. The roll at each month's end is a row of its own
  // (category IN_SCHOOL), so month subtotals carry it once.
  base: (a, sql, scope) => `
    with months as (
      select to_char(m, 'YYYY-MM') as month, greatest(m::date, ${sql.v(a.from)}::date) as first,
        least((m + interval '1 month' - interval '1 day')::date, ${sql.v(a.to)}::date) as last
      from generate_series(date_trunc('month', ${sql.v(a.from)}::date), ${sql.v(a.to)}::date, interval '1 month') m
    ),
    cases as (
      select c.school_id, coalesce(c.dropout_category, c.non_dropout_category, 'UNCLASSIFIED') as category,
        c.discovered_on, c.confirmed_on, c.returned_on, c.closed_on, coalesce(c.returned_on, c.closed_on) as ended_on
      from dropout_case c where c.bureau_id = ${sql.v(scope.bureauId)}
    ),
    events as (
      select school_id, category, discovered_on as day, 1 as opened, 0 as confirmed, 0 as returned, 0 as closed from cases
      union all select school_id, category, confirmed_on, 0, 1, 0, 0 from cases where confirmed_on is not null
      union all select school_id, category, returned_on, 0, 0, 1, 0 from cases where returned_on is not null
      union all select school_id, category, closed_on, 0, 0, 0, 1 from cases where closed_on is not null
    )
    select e.school_id, m.month, e.category, sum(e.opened) as opened, sum(e.confirmed) as confirmed,
      sum(e.returned) as returned, sum(e.closed) as closed, 0 as "openAtMonthEnd", 0 as "inSchool"
    from months m join events e on e.day between m.first and m.last
    group by e.school_id, m.month, e.category
    union all
    select c.school_id, m.month, c.category, 0, 0, 0, 0, count(*), 0
    from months m join cases c on c.discovered_on <= m.last and (c.ended_on is null or c.ended_on > m.last)
    group by c.school_id, m.month, c.category
    union all
    select r.school_id, m.month, 'IN_SCHOOL', 0, 0, 0, 0, 0, count(*)
    from months m cross join lateral (${enrolledOnSql('m.last', sql.v(scope.bureauId))}) r
    group by r.school_id, m.month`,
});
