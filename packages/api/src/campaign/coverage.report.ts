import { defineReport, PLACE_ARGS } from '../core/report/spec';
import { codeList } from '../core/report/sql';
import { DONE_VISIT_STATUSES } from '../visit/visit.enums';

const DONE = codeList(DONE_VISIT_STATUSES);

/**
 * 001 附件 活动情况统计表: per school, the teachers who took part in the campaign and their share
 * of the staff (走访率), the students to visit, those visited, all students, and the visit rate.
 * Students to visit are the campaign's roster (走访对象名单); a campaign without a roster targets
 * every enrolled student, or those of its target categories.
 */
export const campaignCoverageReport = defineReport({
  name: 'campaignCoverageReport',
  title: '活动情况统计表',
  form: '001 附件 “万名教师大家访”活动情况统计表',
  description: '参与家访教师数量与走访率，家访学生数量、已走访人数、学生总数与家访率',
  kind: 'aggregate',
  args: ['campaignId', ...PLACE_ARGS],
  required: ['campaignId'],
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '单位',
  chart: { kind: 'units', columns: ['visitRate', 'teacherRate'], title: '各校家访率与教师参与率（%）' },
  columns: [
    { key: 'teachers', label: '参与家访教师数量', kind: 'count', description: '参与家访教师数量：走访过（家访教师或同行人员）已完成家访的本校教职工' },
    { key: 'staff', label: '教职工总数', kind: 'count', apiOnly: true, description: '在岗教职工总数' },
    { key: 'teacherRate', label: '走访率', kind: 'percent', of: ['teachers', 'staff'], description: '参与家访教师占在岗教职工的比例' },
    { key: 'toVisit', label: '家访学生数量', kind: 'count', description: '家访学生数量：本次活动应走访的学生' },
    { key: 'visited', label: '已走访人数', kind: 'count', description: '已走访人数：应走访学生中已完成本次活动家访的' },
    { key: 'students', label: '学生总数', kind: 'count', description: '学生总数：在校生（县域内就读）' },
    { key: 'visitRate', label: '家访率', kind: 'percent', of: ['visited', 'toVisit'], description: '家访率：已走访人数占家访学生数量的比例' },
    { key: 'coverageRate', label: '覆盖率', kind: 'percent', of: ['visited', 'students'], apiOnly: true, description: '已走访人数占学生总数的比例' },
  ],
  base: (a, sql, scope) => {
    const c = sql.v(a.campaign!.id);
    const b = sql.v(scope.bureauId);
    const targets = a.campaign!.target_categories;
    return `
    with target as (
      select r.student_id from roster_entry r where r.campaign_id = ${c}
      union
      select st.id from student st
      where st.bureau_id = ${b} and st.school_id is not null and st.schooling_status = 'IN_COUNTY'
        and not exists (select 1 from roster_entry where campaign_id = ${c})
        ${targets.length ? `and ${sql.hasCategory('st.focus_categories', targets)}` : ''}
    ),
    done as (select distinct v.student_id from visit_record v where v.campaign_id = ${c} and v.status in ${DONE}),
    visitors as (
      select v.visitor_id as staff_id from visit_record v where v.campaign_id = ${c} and v.status in ${DONE}
      union
      select vc.staff_member_id from visit_record_companions vc join visit_record v on v.id = vc.visit_record_id
      where v.campaign_id = ${c} and v.status in ${DONE}
    )
    select st.school_id, 0 as teachers, 0 as staff, count(*) as "toVisit", count(d.student_id) as visited, 0 as students
    from target t join student st on st.id = t.student_id left join done d on d.student_id = t.student_id
    group by st.school_id
    union all
    select school_id, 0, 0, 0, 0, count(*) from student
    where bureau_id = ${b} and school_id is not null and schooling_status = 'IN_COUNTY' group by school_id
    union all
    select sm.school_id, count(x.staff_id), count(*), 0, 0, 0
    from staff_member sm left join visitors x on x.staff_id = sm.id
    where sm.bureau_id = ${b} and (sm.active or x.staff_id is not null) group by sm.school_id`;
  },
});
