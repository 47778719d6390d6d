import { defineReport, PERIOD_ARGS, PLACE_ARGS } from '../core/report/spec';
import { nextDay, startOfDay } from '../core/report/args';
import { codeList } from '../core/report/sql';
import { DONE_VISIT_STATUSES } from './visit.enums';

const FORM = '家访形式统计';

/**
 * 002 附件3-2 学校情况统计表: staff and the share who visited, students and the share visited,
 * completed visits by form with each form's share, and the parents' suggestions collected.
 * A visit counts in the period it happened (家访时间, visitedAt); 面对面 includes appointments at school (约访).
 * The download has the summary (a row per unit) and the seed's own vertical form, a sheet per unit.
 */
export const visitStatisticsReport = defineReport({
  name: 'visitStatisticsReport',
  title: '“教师大家访”活动学校情况统计表',
  form: '002 附件3-2',
  description: '干部教师与参与比例、学生与被家访比例、各家访形式次数与占比、征集家长意见建议数量',
  kind: 'aggregate',
  args: [...PERIOD_ARGS, 'campaignId', ...PLACE_ARGS],
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '单位名称',
  unitForms: true,
  chart: { kind: 'units', columns: ['visitedRate', 'staffRate'], title: '各校学生被家访比例与干部教师参与比例（%）' },
  columns: [
    { key: 'staff', label: '干部教师总数', kind: 'count' },
    { key: 'staffVisiting', label: '参与家访的干部教师数', kind: 'count' },
    { key: 'staffRate', label: '参与家访的干部教师占干部教师总数的比例（%）', kind: 'percent', of: ['staffVisiting', 'staff'] },
    { key: 'students', label: '学生总数', kind: 'count' },
    { key: 'visitedStudents', label: '被家访的学生数', kind: 'count' },
    { key: 'visitedRate', label: '被家访的学生占学生总数的比例（%）', kind: 'percent', of: ['visitedStudents', 'students'] },
    {
      key: 'visits', label: '家访总数', kind: 'count', apiOnly: true, description: '已完成家访次数（各形式合计）',
      sumOf: ['inPersonVisits', 'phoneVisits', 'smsVisits', 'onlineVisits', 'letterVisits'],
    },
    { key: 'inPersonVisits', label: '面对面家访数', kind: 'count', group: FORM, description: '面对面家访数（实地家访与约访到校）' },
    { key: 'inPersonShare', label: '占家访数比例（%）', kind: 'percent', of: ['inPersonVisits', 'visits'], group: FORM },
    { key: 'phoneVisits', label: '电话家访数', kind: 'count', group: FORM },
    { key: 'phoneShare', label: '占家访数比例（%）', kind: 'percent', of: ['phoneVisits', 'visits'], group: FORM },
    { key: 'smsVisits', label: '短信家访数', kind: 'count', group: FORM },
    { key: 'smsShare', label: '占家访数比例（%）', kind: 'percent', of: ['smsVisits', 'visits'], group: FORM },
    { key: 'onlineVisits', label: '网络家访数', kind: 'count', group: FORM },
    { key: 'onlineShare', label: '占家访数比例（%）', kind: 'percent', of: ['onlineVisits', 'visits'], group: FORM },
    // Not on the seed's form, but without it the shares would not add up to 100%.
    { key: 'letterVisits', label: '信件家访数', kind: 'count', group: FORM },
    { key: 'letterShare', label: '占家访数比例（%）', kind: 'percent', of: ['letterVisits', 'visits'], group: FORM },
    { key: 'suggestions', label: '征集家长意见和建议数量', kind: 'count' },
    { key: 'remark', label: '备注', kind: 'blank' },
  ],
  base: (a, sql, scope) => {
    const b = sql.v(scope.bureauId);
    const visits = `
      select v.* from visit_record v
      where v.bureau_id = ${b} and v.status in ${codeList(DONE_VISIT_STATUSES)}
        and v.visited_at >= ${sql.v(startOfDay(a.from))} and v.visited_at < ${sql.v(startOfDay(nextDay(a.to)))}
        ${a.campaign ? `and v.campaign_id = ${sql.v(a.campaign.id)}` : ''}`;
    return `
    with v as (${visits}),
    visitors as (select visitor_id as staff_id from v union select vc.staff_member_id from visit_record_companions vc join v on v.id = vc.visit_record_id)
    select st.school_id, 0 as staff, 0 as "staffVisiting", 0 as students, count(distinct v.student_id) as "visitedStudents",
      count(*) as visits, count(*) filter (where v.form in ('IN_PERSON', 'AT_SCHOOL')) as "inPersonVisits",
      count(*) filter (where v.form = 'PHONE') as "phoneVisits", count(*) filter (where v.form = 'SMS') as "smsVisits",
      count(*) filter (where v.form = 'ONLINE') as "onlineVisits", count(*) filter (where v.form = 'LETTER') as "letterVisits",
      coalesce(sum(ps.n), 0) as suggestions
    from v join student st on st.id = v.student_id
    left join (select visit_id, count(*) as n from parent_suggestion where bureau_id = ${b} group by visit_id) ps on ps.visit_id = v.id
    group by st.school_id
    union all
    select school_id, 0, 0, count(*), 0, 0, 0, 0, 0, 0, 0, 0 from student
    where bureau_id = ${b} and school_id is not null and schooling_status = 'IN_COUNTY' group by school_id
    union all
    select sm.school_id, count(*), count(x.staff_id), 0, 0, 0, 0, 0, 0, 0, 0, 0
    from staff_member sm left join visitors x on x.staff_id = sm.id
    where sm.bureau_id = ${b} and (sm.active or x.staff_id is not null) group by sm.school_id`;
  },
});
