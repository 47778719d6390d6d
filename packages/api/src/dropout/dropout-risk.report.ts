import { defineReport, PLACE_ARGS } from '../core/report/spec';
import { bandSql, riskReasonRows, riskScores } from './dropout-risk.sql';
import { RISK_BANDS } from './risk-weights';

const min = (band: string) => RISK_BANDS.find((b) => b.band === band)!.min;

/**
 * 辍学风险预警 per school (002 四(五)): the enrolled students by band of their score. The students
 * behind the figures, each with the reasons and weights of their score, are in dropoutRiskList.
 */
export const dropoutRiskReport = defineReport({
  name: 'dropoutRiskReport',
  title: '辍学风险预警统计表',
  form: '002 四(五) 盯紧初三年级、贫困、留守等特殊易辍群体',
  description: '各校在校学生按辍学风险得分分为高、中、低风险的人数（得分规则见 dropoutRiskList 与 docs/reports.md）',
  kind: 'compliance',
  list: 'dropoutRiskList',
  listAction: {
    mutation: 'openDropoutCaseForRisk', label: '开立疑似辍学案件', arg: 'studentId', from: 'studentId',
    doneField: 'openCaseId', doneResource: 'DropoutCase', doneLabel: '查看案件',
  },
  args: ['asOf', ...PLACE_ARGS],
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '学校名称',
  chart: { kind: 'units', columns: ['high', 'medium'], title: '各校高、中风险学生数' },
  columns: [
    { key: 'students', label: '在校学生数', kind: 'count' },
    { key: 'high', label: `高风险（${min('HIGH')}分及以上）`, kind: 'count', group: '风险等级' },
    { key: 'medium', label: `中风险（${min('MEDIUM')}–${min('HIGH') - 1}分）`, kind: 'count', group: '风险等级' },
    { key: 'low', label: `低风险（${min('LOW')}–${min('MEDIUM') - 1}分）`, kind: 'count', group: '风险等级' },
    { key: 'none', label: '无风险因素', kind: 'count', group: '风险等级' },
    { key: 'highShare', label: '高风险比例（%）', kind: 'percent', of: ['high', 'students'] },
  ],
  // The reasons once (materialized), then every student's score from them.
  base: (a, sql, scope) => `
    with r as materialized (${riskReasonRows(a, sql, scope)})
    select school_id, count(*) as students,
      count(*) filter (where band = 'HIGH') as high, count(*) filter (where band = 'MEDIUM') as medium,
      count(*) filter (where band = 'LOW') as low, count(*) filter (where band = 'NONE') as none
    from (select s.school_id, ${bandSql(sql, 's.score')} as band from (${riskScores(a, sql, scope, 'r')}) s) b
    group by school_id`,
});
