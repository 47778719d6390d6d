import { defineReport, PERIOD_ARGS, PLACE_ARGS } from '../core/report/spec';
import { AssistanceCategory } from './assistance.enums';

/** Items counted as consolation (慰问): cash, goods, and school supplies handed out on visits. */
export const CONSOLATION_CATEGORIES: AssistanceCategory[] = [AssistanceCategory.CONSOLATION_CASH, AssistanceCategory.CONSOLATION_GOODS, AssistanceCategory.SUPPLIES];

/** 000 附表 慰问金额统计表: per school, kindergartens and teaching points summed into their central school. */
export const consolationReport = defineReport({
  name: 'consolationReport',
  title: '慰问金额统计表',
  form: '000 附表 慰问金额统计表',
  description: '慰问学生人数、现金与慰问品价值；幼儿园、教学点并入其中心小学合计（慰问金、慰问品、就学物资三类）',
  kind: 'aggregate',
  args: [...PERIOD_ARGS, 'campaignId', ...PLACE_ARGS],
  place: 'school',
  defaultGrouping: 'REPORTING_UNIT',
  unitHead: '学校名称',
  chart: { kind: 'units', columns: ['cashFen', 'goodsValueFen'], title: '各中心校慰问现金与慰问品价值' },
  columns: [
    { key: 'students', label: '慰问学生人数', kind: 'count' },
    { key: 'cashFen', label: '现金(元)', kind: 'money' },
    { key: 'goodsValueFen', label: '慰问品(价值元)', kind: 'money' },
    { key: 'remark', label: '备注', kind: 'blank' },
  ],
  base: (a, sql, scope) => `
    select i.school_id, count(distinct i.student_id) as students, sum(i.cash_fen) as "cashFen", sum(i.goods_value_fen) as "goodsValueFen"
    from assistance_item i
    where i.bureau_id = ${sql.v(scope.bureauId)} and i.date between ${sql.v(a.from)} and ${sql.v(a.to)}
      and i.category = any(${sql.codes(CONSOLATION_CATEGORIES)})
      ${a.campaign ? `and i.visit_id in (select id from visit_record where campaign_id = ${sql.v(a.campaign.id)})` : ''}
    group by i.school_id`,
  notes: ['备注：小学含所属幼儿园都以中心小学为单位填报合计数。'],
});
