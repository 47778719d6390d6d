import { defineReport, PLACE_ARGS } from '../core/report/spec';
import { sqlDaysBefore } from '../core/report/args';
import { addGapSheet } from './gap-sheet';
import { duties, HOME_TEACHING_PER_MONTH, overdueBefore, studentsInReach, SUGGESTION_DAYS } from './rules';


/**
 * 合规检查 (001, 003, 004): per school, the students below their required visits, the cared-for
 * children missing care checks this month, the 送教 pupils below two visits, the overdue safety
 * reports and the suggestions open too long. The students behind each count are in complianceGaps.
 */
export const complianceReport = defineReport({
  name: 'complianceReport',
  title: '家访与关爱工作合规检查表',
  form: '001、003、004 家访频次、每日一问每周一见、送教上门、出行报备、意见反馈',
  description: '各校家访次数不足学生、关爱记录缺失、送教不足、逾期未归家访和逾期未答复家长意见的人数',
  kind: 'compliance',
  list: 'complianceGaps',
  args: ['schoolYear', 'semester', 'asOf', 'month', ...PLACE_ARGS],
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '学校名称',
  chart: { kind: 'units', columns: ['belowVisitsShare'], title: '各校家访次数不足学生比例（%）' },
  columns: [
    { key: 'students', label: '在校学生数', kind: 'count' },
    { key: 'belowVisits', label: '家访次数不足学生数', kind: 'count' },
    { key: 'belowVisitsShare', label: '家访次数不足比例（%）', kind: 'percent', of: ['belowVisits', 'students'] },
    { key: 'families', label: '学生家庭数', kind: 'count', description: '在校学生的家庭数：兄弟姐妹（同一家庭）算一户，子女在两校的家庭在每校各算一次' },
    { key: 'belowVisitFamilies', label: '家访次数不足家庭数', kind: 'count', description: '有子女家访次数不足的家庭数（003 每学年对每个学生家庭家访1次；一次入户计入该家庭全部子女）' },
    { key: 'caredStudents', label: '孤儿及事实无人抚养儿童', kind: 'count' },
    { key: 'careGaps', label: '关爱记录缺失人数', kind: 'count', description: '本月至统计日期缺少每日一问或每周一见的人数' },
    { key: 'homeTeachingStudents', label: '送教上门学生数', kind: 'count' },
    { key: 'homeTeachingGaps', label: '本月送教不足2次人数', kind: 'count' },
    { key: 'overdueVisits', label: '逾期未归家访', kind: 'count', description: '已出发、超过预计返回时间仍未登记返回的实地家访' },
    { key: 'staleSuggestions', label: `超过${SUGGESTION_DAYS}天未答复的家长意见`, kind: 'count' },
  ],
  base: (a, sql, scope) => {
    const { ctes, visitRules } = duties(a, sql, scope);
    const below = visitRules.map((r) => `(${r.when})`).join(' or ');
    return `
    with ${ctes}
    select school_id, count(*) as students, count(*) filter (where ${below}) as "belowVisits",
      count(distinct family_id) as families, count(distinct family_id) filter (where ${below}) as "belowVisitFamilies",
      count(*) filter (where cared) as "caredStudents", 0 as "careGaps", 0 as "homeTeachingStudents",
      0 as "homeTeachingGaps", 0 as "overdueVisits", 0 as "staleSuggestions"
    from counts group by school_id
    union all
    select school_id, 0, 0, 0, 0, 0, count(*) filter (where daily_done < daily_required or weekly_done < weekly_required), 0, 0, 0, 0
    from care group by school_id
    union all
    select school_id, 0, 0, 0, 0, 0, 0, count(*), count(*) filter (where done < ${HOME_TEACHING_PER_MONTH}), 0, 0 from teaching group by school_id
    union all
    select st.school_id, 0, 0, 0, 0, 0, 0, 0, 0, count(*), 0
    from visit_record v join student st on st.id = v.student_id
    where ${studentsInReach(a, sql, scope)} and v.status = 'DEPARTED' and v.expected_return_at < ${sql.v(overdueBefore(a))}
    group by st.school_id
    union all
    select st.school_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)
    from parent_suggestion ps join visit_record v on v.id = ps.visit_id join student st on st.id = v.student_id
    where ${studentsInReach(a, sql, scope)} and ps.status = 'ESCALATED' and ps.created_at < ${sql.v(sqlDaysBefore(a.asOf, SUGGESTION_DAYS))}
    group by st.school_id`;
  },
  extraSheets: (book, em, out, viewer) => addGapSheet(book, em, out, viewer, { kind: 'compliance', title: '家访与关爱工作合规检查表' }),
});
