import { defineReport, PERIOD_ARGS, PLACE_ARGS } from '../core/report/spec';
import { SAMPLE_OPTIONS, visitsInReach } from './callback-sample';
import { SATISFIED } from './teacher-visits';
import { addCallbackSheets } from './callback-sheets';

/**
 * 回访核查 (003 五(三) “通过发放家访情况反馈调查表、随机电话访问等形式掌握家访的到位率、满意率”):
 * per school, the completed visits, those called back, 到位率 (call-backs confirming the visit took
 * place / call-backs made) and 满意率 (satisfied, 基本满意 included / answered). The download adds
 * the figures per teacher and a random sample of visits still to call (callbackSample).
 */
export const callbackReport = defineReport({
  name: 'callbackReport',
  title: '家访回访核查统计表',
  form: '003 五(三) 家访到位率、满意率',
  description: '各校已完成家访、已回访、确认到位与到位率、满意度作答与满意率、待回访；逐人见下载第二页，随机抽样的待回访名单见 callbackSample',
  kind: 'aggregate',
  list: 'callbackSample',
  args: [...PERIOD_ARGS, 'campaignId', 'asOf', ...PLACE_ARGS],
  options: SAMPLE_OPTIONS,
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '学校名称',
  chart: { kind: 'units', columns: ['confirmedRate', 'satisfiedRate'], title: '各校家访到位率与满意率（%）' },
  columns: [
    { key: 'visits', label: '已完成家访', kind: 'count' },
    { key: 'calledBack', label: '已回访', kind: 'count', description: '已登记回访结果（确认或否认家访）的家访' },
    { key: 'callbackShare', label: '回访比例（%）', kind: 'percent', of: ['calledBack', 'visits'] },
    { key: 'confirmed', label: '确认已家访', kind: 'count' },
    { key: 'confirmedRate', label: '到位率（%）', kind: 'percent', of: ['confirmed', 'calledBack'] },
    { key: 'answered', label: '满意度作答', kind: 'count' },
    { key: 'satisfied', label: '满意（含基本满意）', kind: 'count' },
    { key: 'satisfiedRate', label: '满意率（%）', kind: 'percent', of: ['satisfied', 'answered'] },
    { key: 'dissatisfied', label: '不满意', kind: 'count' },
    { key: 'pending', label: '待回访', kind: 'count', description: '已完成但尚未回访的家访（抽样的范围）' },
  ],
  base: (a, sql, scope) => `
    select v.school_id, count(*) as visits, count(*) filter (where v.callback_confirmed is not null) as "calledBack",
      count(*) filter (where v.callback_confirmed) as confirmed, count(*) filter (where v.satisfaction is not null) as answered,
      count(*) filter (where v.satisfaction in ${SATISFIED}) as satisfied, count(*) filter (where v.satisfaction = 'DISSATISFIED') as dissatisfied,
      count(*) filter (where v.callback_confirmed is null) as pending
    from (${visitsInReach(a, sql, scope)}) v group by v.school_id`,
  notes: ['说明：到位率＝回访确认已家访数÷已回访数；满意率＝满意（含非常满意、基本满意）数÷满意度作答数。'],
  extraSheets: (book, em, out, viewer) => addCallbackSheets(book, em, out, viewer, callbackReport),
});
