import { defineEnum, type EnumOf } from '../core/resource/enums';
import { nextDay, startOfDay, type ReportArgs } from '../core/report/args';
import type { ReportScope } from '../core/report/spec';
import { codeList, type Sql } from '../core/report/sql';
import { overdueBefore } from '../compliance/rules';
import { DONE_VISIT_STATUSES } from './visit.enums';

const DONE = codeList(DONE_VISIT_STATUSES);

/** 满意率 counts 非常满意, 满意 and 基本满意 as satisfied; only 不满意 is not. */
export const SATISFIED = codeList(['VERY_SATISFIED', 'SATISFIED', 'NEUTRAL']);

/** The orders the teachers can be listed in for appraisal (001 六、003 五(三): 与考核挂钩). */
export const TeacherVisitSort = defineEnum('TeacherVisitSort', '教师家访排序', {
  VISITS: '按家访次数（多者在前）',
  VISITED: '按已走访分配学生数（多者在前）',
  UNVISITED: '按未走访分配学生数（多者在前）',
  OVERDUE: '按逾期未归报备数（多者在前）',
  CONFIRMED_RATE: '按回访到位率（低者在前）',
});
export type TeacherVisitSort = EnumOf<typeof TeacherVisitSort>;

/** The order of each sort over the teacher rows (alias x); ties by school and name. */
export const TEACHER_ORDER: Record<TeacherVisitSort, string> = {
  VISITS: 'x.visits desc',
  VISITED: 'x."visitedAssigned" desc',
  UNVISITED: 'x.assigned - x."visitedAssigned" desc',
  OVERDUE: 'x."overdueVisits" desc',
  CONFIRMED_RATE: 'x.confirmed::float / nullif(x."calledBack", 0) asc nulls last',
};

/** Visits done in the report's period (家访时间) and campaign, alias v. */
export function doneVisits(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  return `select v.* from visit_record v
    where v.bureau_id = ${sql.v(scope.bureauId)} and v.status in ${DONE}
      and v.visited_at >= ${sql.v(startOfDay(a.from))} and v.visited_at < ${sql.v(startOfDay(nextDay(a.to)))}
      ${a.campaign ? `and v.campaign_id = ${sql.v(a.campaign.id)}` : ''}`;
}

/** The schools in the caller's reach and the town or school asked for (alias s). */
export function schoolsInReach(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  const where = [`s.bureau_id = ${sql.v(scope.bureauId)}`];
  if (scope.schoolIds) where.push(`s.id = any(${sql.uuids(scope.schoolIds)})`);
  if (a.schoolId) where.push(`(s.id = ${sql.v(a.schoolId)} or s.parent_school_id = ${sql.v(a.schoolId)})`);
  if (a.townId) where.push(`s.town_id = ${sql.v(a.townId)}`);
  return where.join(' and ');
}

/**
 * One row per staff member of the schools in reach (in post, or with visits in the period): their
 * assigned students — roster entries of the campaign (else of the campaigns overlapping the period)
 * and the enrolled pupils of the classes they head —, those of them they visited (as visitor or
 * along), the visits they made by form, the ones they went along on, their safety reports overdue
 * now, and the call-backs of their visits (到位率, 满意率).
 */
export function teacherRows(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  const roster = a.campaign
    ? `r.campaign_id = ${sql.v(a.campaign.id)}`
    : `r.campaign_id in (select id from campaign where bureau_id = ${sql.v(scope.bureauId)} and start_date <= ${sql.v(a.to)} and end_date >= ${sql.v(a.from)})`;
  return `
    with sm as (
      select sm.id, sm.name, sm.position, sm.school_id, sm.active from staff_member sm join school s on s.id = sm.school_id
      where ${schoolsInReach(a, sql, scope)}
    ),
    v as (${doneVisits(a, sql, scope)}),
    went as (
      select v.visitor_id as staff_id, v.student_id from v
      union select vc.staff_member_id, v.student_id from visit_record_companions vc join v on v.id = vc.visit_record_id
    ),
    assigned as (
      select r.assigned_staff_id as staff_id, r.student_id from roster_entry r where r.bureau_id = ${sql.v(scope.bureauId)} and ${roster}
      ${a.campaign ? '' : `union
      select c.head_teacher_id, st.id from school_class c join student st on st.class_id = c.id
      where c.bureau_id = ${sql.v(scope.bureauId)} and st.school_id is not null and st.schooling_status = 'IN_COUNTY'`}
    ),
    a as (
      select x.staff_id, count(*) as assigned, count(w.student_id) as visited from assigned x
      left join went w on w.staff_id = x.staff_id and w.student_id = x.student_id group by x.staff_id
    ),
    mine as (
      select v.visitor_id as staff_id, count(*) as visits,
        count(*) filter (where v.form in ('IN_PERSON', 'AT_SCHOOL')) as in_person, count(*) filter (where v.form = 'PHONE') as phone,
        count(*) filter (where v.form = 'SMS') as sms, count(*) filter (where v.form = 'ONLINE') as online, count(*) filter (where v.form = 'LETTER') as letter,
        count(*) filter (where v.callback_confirmed is not null) as called_back, count(*) filter (where v.callback_confirmed) as confirmed,
        count(*) filter (where v.satisfaction is not null) as answered, count(*) filter (where v.satisfaction in ${SATISFIED}) as satisfied
      from v group by v.visitor_id
    ),
    along as (select vc.staff_member_id as staff_id, count(*) as n from visit_record_companions vc join v on v.id = vc.visit_record_id group by vc.staff_member_id),
    late as (
      select visitor_id as staff_id, count(*) as n from visit_record
      where bureau_id = ${sql.v(scope.bureauId)} and status = 'DEPARTED' and expected_return_at < ${sql.v(overdueBefore(a))} group by visitor_id
    )
    select sm.id as staff_id, sm.name, sm.position, sm.school_id,
      coalesce(a.assigned, 0)::int as assigned, coalesce(a.visited, 0)::int as "visitedAssigned",
      coalesce(m.visits, 0)::int as visits, coalesce(m.in_person, 0)::int as "inPersonVisits", coalesce(m.phone, 0)::int as "phoneVisits",
      coalesce(m.sms, 0)::int as "smsVisits", coalesce(m.online, 0)::int as "onlineVisits", coalesce(m.letter, 0)::int as "letterVisits",
      coalesce(al.n, 0)::int as "accompanied", coalesce(l.n, 0)::int as "overdueVisits",
      coalesce(m.called_back, 0)::int as "calledBack", coalesce(m.confirmed, 0)::int as confirmed,
      coalesce(m.answered, 0)::int as answered, coalesce(m.satisfied, 0)::int as satisfied
    from sm left join a on a.staff_id = sm.id left join mine m on m.staff_id = sm.id
    left join along al on al.staff_id = sm.id left join late l on l.staff_id = sm.id
    where sm.active or m.staff_id is not null or al.staff_id is not null or l.staff_id is not null`;
}

/** The teacher rows' order: the chosen sort, then by school code and name (x.code joined by the caller). */
export const teacherOrder = (sort: TeacherVisitSort) => `${TEACHER_ORDER[sort]}, x.school_code, x.name, x.staff_id`;

/** The teacher rows with their school's code and name, for lists and sheets. */
export const teacherList = (a: ReportArgs, sql: Sql, scope: ReportScope) => `
  select t.*, s.code as school_code, s.name as school_name from (${teacherRows(a, sql, scope)}) t join school s on s.id = t.school_id`;
