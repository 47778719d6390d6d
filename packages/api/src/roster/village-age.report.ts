import { responsibleSchools } from './responsible-school';
import { defineReport, type ReportColumn, PLACE_ARGS } from '../core/report/spec';
import { disabledSql, relocatedSql, schoolAgeChildren } from './school-age';

const AGES = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * 002 附件1-2 6—15周岁儿童少年统计表: per village (村委会), the children by age at `asOf`, the
 * relocated and the disabled, and the school most of the village's pupils attend (负责学校).
 */
export const villageAgeReport = defineReport({
  name: 'villageAgeReport',
  title: '6—15周岁儿童少年统计表',
  form: '002 附件1-2',
  description: '按户籍村统计6-15周岁儿童少年人数、各年龄分布、易地搬迁户人数、残疾儿童和负责学校',
  kind: 'aggregate',
  args: ['asOf', ...PLACE_ARGS],
  place: 'household',
  defaultGrouping: 'VILLAGE',
  unitHead: '村委会名称',
  columns: [
    { key: 'children', label: '儿童人数', kind: 'count', sumOf: AGES.map((n) => `age${n}`) },
    ...AGES.map((n): ReportColumn => ({ key: `age${n}`, label: `${n}周岁`, kind: 'count', group: '各年级段学生分布' })),
    { key: 'relocated', label: '易地搬迁户人数', kind: 'count' },
    { key: 'disabled', label: '残疾儿童', kind: 'count' },
    { key: 'remark', label: '备注', kind: 'blank' },
    { key: 'responsibleSchool', label: '负责学校', kind: 'text', description: '负责学校：本村在校儿童最多就读的学校' },
    { key: 'principal', label: '校长', kind: 'text', sensitive: 'NAME' },
    { key: 'inCharge', label: '总负责', kind: 'blank' },
    { key: 'leader', label: '主要负责人', kind: 'blank' },
    { key: 'phone', label: '电话', kind: 'blank' },
  ],
  base: (a, sql, scope) => `
    with c as (${schoolAgeChildren(a, sql, scope)}),
    school_of as (${responsibleSchools('select household_village_id, school_id from c')})
    select c.household_village_id as village_id, count(*) as children,
      ${AGES.map((n) => `count(*) filter (where c.age_years = ${n}) as age${n}`).join(', ')},
      count(*) filter (where ${relocatedSql(sql)}) as relocated,
      count(*) filter (where ${disabledSql(sql)}) as disabled,
      min(so.name) as "responsibleSchool", min(so.principal_name) as principal
    from c left join school_of so on so.village_id = c.household_village_id
    group by c.household_village_id`,
  sheetTitle: ({ args, areaName }) => `${areaName}${args.asOf.slice(0, 4)}年6—15周岁儿童少年统计表`,
});
