import { codeColumnKey, defineReport, type ReportColumn, PLACE_ARGS } from '../core/report/spec';
import { enumLabels } from '../core/resource/enums';
import { SchoolingStatus } from './roster.enums';
import { disabledSql, relocatedSql, schoolAgeChildren } from './school-age';

const STATUS_LABELS = enumLabels.get('SchoolingStatus')!;
const statuses = Object.values(SchoolingStatus);

/**
 * 002 附件1-1 6-15周岁适龄儿童少年就学情况摸排统计报告: per town (by household registration), the
 * children aged 6–15 at `asOf`, each schooling status, the relocated and the disabled.
 */
export const schoolAgeSurveyReport = defineReport({
  name: 'schoolAgeSurveyReport',
  title: '6-15周岁适龄儿童少年就学情况摸排统计报告',
  form: '002 附件1-1',
  description: '按户籍所在乡镇统计6-15周岁（按统计日期计算周岁）适龄儿童少年的就学状态、易地搬迁和残疾人数',
  kind: 'aggregate',
  args: ['asOf', ...PLACE_ARGS],
  place: 'household',
  defaultGrouping: 'TOWN',
  unitHead: '乡镇（街道）',
  chart: { kind: 'total', columns: ['outOfCounty', 'juniorGraduated', 'deferred', 'movedUnreachable', 'multipleRegistration', 'noSuchPerson', 'deceased', 'dropoutIllness', 'dropoutAversion', 'other'], title: '适龄儿童中未在县内就读的情况' },
  columns: [
    { key: 'children', label: '6-15周岁适龄儿童少年共计', kind: 'count', sumOf: statuses.map(codeColumnKey) },
    // The form's sentence lists them after 具体就学情况如下: one head over the eleven columns.
    ...statuses.map((s): ReportColumn => ({ key: codeColumnKey(s), label: STATUS_LABELS[s], kind: 'count', group: '具体就学情况', description: `${STATUS_LABELS[s]}（人）` })),
    { key: 'relocated', label: '易地搬迁户6-15周岁学生', kind: 'count' },
    { key: 'disabled', label: '6-15周岁残疾儿童', kind: 'count' },
  ],
  base: (a, sql, scope) => `
    select c.household_village_id as village_id, count(*) as children,
      ${statuses.map((s) => `count(*) filter (where c.schooling_status = '${s}') as "${codeColumnKey(s)}"`).join(', ')},
      count(*) filter (where ${relocatedSql(sql)}) as relocated,
      count(*) filter (where ${disabledSql(sql)}) as disabled
    from (${schoolAgeChildren(a, sql, scope)}) c
    group by c.household_village_id`,
  narrative: (t, { areaName }) => [
    `经摸排，${areaName}内6-15周岁适龄儿童少年共计 ${t.children} 人，具体就学情况如下：`,
    `1.${statuses.map((s) => `${STATUS_LABELS[s].replace('县域内实际就读', '县域内实际就读')} ${t[codeColumnKey(s)]} 人`).join('，')}。`,
    `2.辖区内共有易地搬迁户6-15周岁学生 ${t.relocated} 人。`,
    `3.辖区内共有6-15周岁残疾儿童 ${t.disabled} 人。`,
  ],
  signatures: ['校长签字：                    学校盖章：', '镇（街道）负责人签字：          镇（街道）盖章：'],
});
