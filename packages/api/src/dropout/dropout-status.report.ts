import { codeColumnKey, defineReport, type ReportColumn, PERIOD_ARGS, PLACE_ARGS } from '../core/report/spec';
import { enumLabels } from '../core/resource/enums';
import { DropoutCaseStatus } from './dropout.enums';

const LABELS = enumLabels.get('DropoutCaseStatus')!;

/** 疑似失、辍学学生台账 (002 附件2-2 Ⅶ类) in figures: the cases discovered in the period by their status now. */
export const dropoutStatusReport = defineReport({
  name: 'dropoutStatusReport',
  title: '疑似失（辍）学案件状态统计表',
  form: '002 附件2-2 Ⅶ类 疑似失、辍学学生台账',
  description: '统计期间内发现的控辍保学案件按当前状态计数',
  kind: 'aggregate',
  args: [...PERIOD_ARGS, ...PLACE_ARGS],
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '单位',
  chart: { kind: 'total', columns: Object.values(DropoutCaseStatus).map(codeColumnKey), title: '控辍保学案件按状态' },
  columns: [
    { key: 'cases', label: '案件总数', kind: 'count', sumOf: Object.values(DropoutCaseStatus).map(codeColumnKey) },
    ...Object.values(DropoutCaseStatus).map((s): ReportColumn => ({ key: codeColumnKey(s), label: LABELS[s], kind: 'count' })),
  ],
  base: (a, sql, scope) => `
    select c.school_id, count(*) as cases,
      ${Object.values(DropoutCaseStatus).map((s) => `count(*) filter (where c.status = '${s}') as "${codeColumnKey(s)}"`).join(', ')}
    from dropout_case c
    where c.bureau_id = ${sql.v(scope.bureauId)} and c.discovered_on between ${sql.v(a.from)} and ${sql.v(a.to)}
    group by c.school_id`,
});
