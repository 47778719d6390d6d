import { defineReport, PERIOD_ARGS, PLACE_ARGS } from '../core/report/spec';
import { enumLabels } from '../core/resource/enums';

/** A case's category: the dropout category once confirmed, the non-dropout one once closed. */
const CATEGORY_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(enumLabels.get('DropoutCategory')!).map(([k, v]) => [k, `辍学：${v}`])),
  ...Object.fromEntries(Object.entries(enumLabels.get('NonDropoutCategory')!).map(([k, v]) => [k, `非辍学：${v}`])),
  UNCLASSIFIED: '尚未认定（疑似、核查中）',
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
  ],
  base: (a, sql, scope) => `
    with months as (
      select to_char(m, 'YYYY-MM') as month, greatest(m::date, ${sql.v(a.from)}::date) as first,
        least((m + interval '1 month' - interval '1 day')::date, ${sql.v(a.to)}::date) as last
      from generate_series(date_trunc('month', ${sql.v(a.from)}::date), ${sql.v(a.to)}::date, interval '1 month') m
    )
    select c.school_id, m.month, coalesce(c.dropout_category, c.non_dropout_category, 'UNCLASSIFIED') as category,
      count(*) filter (where c.discovered_on between m.first and m.last) as opened,
      count(*) filter (where c.confirmed_on between m.first and m.last) as confirmed,
      count(*) filter (where c.returned_on between m.first and m.last) as returned,
      count(*) filter (where c.closed_on between m.first and m.last) as closed,
      count(*) filter (where coalesce(c.returned_on, c.closed_on) is null or coalesce(c.returned_on, c.closed_on) > m.last) as "openAtMonthEnd"
    from months m
    join dropout_case c on c.discovered_on <= m.last and coalesce(c.returned_on, c.closed_on, m.first) >= m.first
    where c.bureau_id = ${sql.v(scope.bureauId)}
    group by c.school_id, m.month, 3`,
});
