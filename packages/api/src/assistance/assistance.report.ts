import { defineReport, PERIOD_ARGS, PLACE_ARGS } from '../core/report/spec';
import { enumLabels } from '../core/resource/enums';

/** 资助汇总: aid given in the period by category and funding source, per school. */
export const assistanceReport = defineReport({
  name: 'assistanceReport',
  title: '学生资助与慰问汇总表',
  form: '000、004 资助与慰问',
  description: '按资助类别、资金来源统计资助人次、现金金额与物资价值',
  kind: 'aggregate',
  args: [...PERIOD_ARGS, 'campaignId', ...PLACE_ARGS],
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '学校名称',
  dimensions: [
    { key: 'category', label: '资助类别', labels: enumLabels.get('AssistanceCategory')! },
    { key: 'fundingSource', label: '资金来源', labels: enumLabels.get('FundingSource')! },
  ],
  subtotalBy: [],
  chart: { kind: 'dimension', columns: ['totalFen'], dimension: 'category', title: '资助金额按类别' },
  columns: [
    { key: 'items', label: '资助人次', kind: 'count' },
    { key: 'students', label: '受助学生数', kind: 'count', apiOnly: true, description: '受助学生数（小计、合计为各行之和，同一学生跨类别时重复计入）' },
    { key: 'cashFen', label: '现金金额(元)', kind: 'money' },
    { key: 'goodsValueFen', label: '物资价值(元)', kind: 'money' },
    { key: 'totalFen', label: '合计金额(元)', kind: 'money', sumOf: ['cashFen', 'goodsValueFen'] },
  ],
  base: (a, sql, scope) => `
    select i.school_id, i.category, i.funding_source as "fundingSource", count(*) as items, count(distinct i.student_id) as students,
      sum(i.cash_fen) as "cashFen", sum(i.goods_value_fen) as "goodsValueFen",
      sum(coalesce(i.cash_fen, 0) + coalesce(i.goods_value_fen, 0)) as "totalFen"
    from assistance_item i
    where i.bureau_id = ${sql.v(scope.bureauId)} and i.date between ${sql.v(a.from)} and ${sql.v(a.to)}
      ${a.campaign ? `and i.visit_id in (select id from visit_record where campaign_id = ${sql.v(a.campaign.id)})` : ''}
    group by i.school_id, i.category, i.funding_source`,
});
