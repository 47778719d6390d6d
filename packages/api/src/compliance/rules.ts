import { defineEnum, type EnumOf } from '../core/resource/enums';
import { nextDay, startOfDay, termRange, type ReportArgs } from '../core/report/args';
import type { ReportScope } from '../core/report/spec';
import { codeList, type Sql } from '../core/report/sql';
import { Semester } from '../core/time/school-year';
import { FocusCategory as F } from '../roster/roster.enums';
import { responsibleSchools } from '../roster/responsible-school';
import { DONE_VISIT_STATUSES, TRAVELLING_FORMS } from '../visit/visit.enums';

/** The duties the seeds set, each checked for every student it applies to. */
export const ComplianceRule = defineEnum('ComplianceRule', '合规要求', {
  ANNUAL_VISIT: '每学年至少家访1次（全体学生）',
  SEMESTER_VISIT: '重点关注学生每学期至少家访1次',
  SPECIAL_TWICE: '特殊群体学生每学年至少入户家访2次',
  DAILY_CARE: '孤儿、事实无人抚养儿童每个上学日“每日一问”',
  WEEKLY_CARE: '孤儿、事实无人抚养儿童每周“每周一见”',
  HOME_TEACHING: '送教上门每月至少2次',
});
export type ComplianceRule = EnumOf<typeof ComplianceRule>;

/** 001: the special groups visited at home at least twice a year (二次入户). */
export const SPECIAL_GROUPS: F[] = [
  F.LEARNING_DIFFICULTY, F.PSYCHOLOGICAL, F.MAJOR_CHANGE, F.LEFT_BEHIND, F.SINGLE_PARENT,
  F.MIGRANT_CHILD, F.DISABLED, F.SUDDEN_HARDSHIP, F.DROPOUT_RISK,
];
/** Orphans and de-facto unsupported children get 每日一问 and 每周一见. */
export const CARED: F[] = [F.ORPHAN, F.UNSUPPORTED];
/** Escalated parents' suggestions older than this are overdue. */
export const SUGGESTION_DAYS = 7;
/** 送教上门 visits each month. */
export const HOME_TEACHING_PER_MONTH = 2;

const DONE = codeList(DONE_VISIT_STATUSES);

/**
 * Students (alias st) in the caller's reach and the town or school asked for, by the school that
 * answers for them (`school`: their own, or for 送教 children without one their village's).
 */
export function studentsInReach(a: ReportArgs, sql: Sql, scope: ReportScope, school = 'st.school_id'): string {
  const where = [`st.bureau_id = ${sql.v(scope.bureauId)}`];
  if (scope.studentIds) where.push(`st.id = any(${sql.uuids(scope.studentIds)})`);
  if (scope.schoolIds) where.push(`${school} = any(${sql.uuids(scope.schoolIds)})`);
  if (a.schoolId) where.push(`${school} in (select id from school where id = ${sql.v(a.schoolId)} or parent_school_id = ${sql.v(a.schoolId)})`);
  if (a.townId) where.push(`${school} in (select id from school where town_id = ${sql.v(a.townId)})`);
  return where.join(' and ');
}

/**
 * 送教上门 children (002 (八)) in reach, with the school that answers for them: their own, or for
 * those without one (因病因残辍学) the school of their village (附件1-2 负责学校).
 */
export function homeTaughtInReach(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  const pupils = `select household_village_id, school_id from student
    where bureau_id = ${sql.v(scope.bureauId)} and school_id is not null and schooling_status = 'IN_COUNTY'`;
  return `select st.id, coalesce(st.school_id, rs.school_id) as school_id
    from student st left join (${responsibleSchools(pupils)}) rs on st.school_id is null and rs.village_id = st.household_village_id
    where st.home_teaching and ${studentsInReach(a, sql, scope, 'coalesce(st.school_id, rs.school_id)')}
      and coalesce(st.school_id, rs.school_id) is not null`;
}

/** Enrolled students in reach: the ones the visit and care duties apply to. */
export function enrolledInReach(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  return `select st.id, st.school_id, st.focus_categories, st.home_teaching from student st
    where ${studentsInReach(a, sql, scope)} and st.school_id is not null and st.schooling_status = 'IN_COUNTY'`;
}

/** The month's first day and the last day counted (the month's end, or asOf within it). */
function monthDays(a: ReportArgs): { first: string; last: string } {
  const [y, m] = a.month.split('-').map(Number);
  const first = `${a.month}-01`;
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first, last: a.asOf < end ? a.asOf : end };
}

/**
 * The duties of each student in reach, as CTEs: `counts` (one row per enrolled student with their
 * completed visits, the visits at home to their brothers and sisters and their family), `care` (the cared-for children's checks) and `teaching` (送教 pupils' visits
 * at home this month, phone calls not counting, with the children without a school); with, per rule, the condition of a gap and its required and done figures. Visits
 * count when completed in the school year (or the semester asked for), and a focus student owes
 * one per semester begun by asOf; care checks and 送教 count in the month up to asOf, on school
 * days (Monday to Friday) and in weeks begun by then.
 */
export function duties(a: ReportArgs, sql: Sql, scope: ReportScope) {
  const year = termRange(a.schoolYear, a.semester);
  const second = termRange(a.schoolYear, Semester.SECOND).from;
  const semester = a.semester != null;
  const secondBegun = a.asOf >= second;
  const { first, last } = monthDays(a);
  const visitsFrom = sql.v(startOfDay(year.from));
  const visitsTo = sql.v(startOfDay(nextDay(year.to)));
  const ctes = `
    st as (
      select st.id, st.school_id, st.home_teaching,
        st.focus_categories <> '[]' as focus,
        st.focus_categories <> '[]' and ${sql.anyCategory('st.focus_categories', SPECIAL_GROUPS)} as special,
        st.focus_categories <> '[]' and ${sql.anyCategory('st.focus_categories', CARED)} as cared
      from (${enrolledInReach(a, sql, scope)}) st
    ),
    v as (
      select v.student_id, count(*) as visits, count(*) filter (where v.form = 'IN_PERSON') as in_person,
        count(*) filter (where v.visited_at < ${sql.v(startOfDay(second))}) as first_term,
        count(*) filter (where v.visited_at >= ${sql.v(startOfDay(second))}) as second_term,
        max(v.visited_at) as last_at
      from visit_record v
      where v.bureau_id = ${sql.v(scope.bureauId)} and v.status in ${DONE} and v.visited_at >= ${visitsFrom} and v.visited_at < ${visitsTo}
      group by v.student_id
    ),
    fv as (
      select hs.student_id, count(*) as visits
      from household_students hs
      join household_students sib on sib.household_id = hs.household_id and sib.student_id <> hs.student_id
      join visit_record v on v.student_id = sib.student_id
      where hs.student_id in (select id from st) and v.bureau_id = ${sql.v(scope.bureauId)} and v.status in ${DONE} and v.form = 'IN_PERSON'
        and v.visited_at >= ${visitsFrom} and v.visited_at < ${visitsTo}
      group by hs.student_id
    ),
    counts as (
      select st.*, coalesce(v.visits, 0) as visits, coalesce(v.in_person, 0) as in_person,
        coalesce(v.first_term, 0) as first_term, coalesce(v.second_term, 0) as second_term,
        coalesce(fv.visits, 0) as family_visits, coalesce(hs.household_id, st.id) as family_id,
        (v.last_at at time zone 'Asia/Shanghai')::date as last_on
      from st left join v on v.student_id = st.id left join fv on fv.student_id = st.id
        left join household_students hs on hs.student_id = st.id
    ),
    days as (
      select d::date as day from generate_series(${sql.v(first)}::date, ${sql.v(last)}::date, interval '1 day') d
      where extract(isodow from d) < 6
    ),
    weeks as (select distinct date_trunc('week', day)::date as week from days),
    care as (
      select c.id, c.school_id,
        (select count(*) from days) as daily_required,
        (select count(distinct cc.date) from care_check cc where cc.student_id = c.id and cc.kind = 'DAILY_ASK' and cc.date in (select day from days)) as daily_done,
        (select max(cc.date) from care_check cc where cc.student_id = c.id and cc.kind = 'DAILY_ASK' and cc.date <= ${sql.v(last)}) as daily_last,
        (select count(*) from weeks) as weekly_required,
        (select count(distinct date_trunc('week', cc.date)) from care_check cc where cc.student_id = c.id and cc.kind = 'WEEKLY_MEET'
          and date_trunc('week', cc.date)::date in (select week from weeks) and cc.date <= ${sql.v(last)}) as weekly_done,
        (select max(cc.date) from care_check cc where cc.student_id = c.id and cc.kind = 'WEEKLY_MEET' and cc.date <= ${sql.v(last)}) as weekly_last
      from counts c where c.cared
    ),
    teaching as (
      select c.id, c.school_id, count(v.id) as done, (max(v.visited_at) at time zone 'Asia/Shanghai')::date as last_on
      from (${homeTaughtInReach(a, sql, scope)}) c
      left join visit_record v on v.student_id = c.id and v.purpose = 'HOME_TEACHING' and v.status in ${DONE}
        and v.form in ${codeList(TRAVELLING_FORMS)}
        and v.visited_at >= ${sql.v(startOfDay(first))} and v.visited_at < ${sql.v(startOfDay(nextDay(last)))}
      group by c.id, c.school_id
    )`;
  // Per rule over `counts`: when a student falls short, and the figures of the gap.
  const visitRules: Array<{ rule: ComplianceRule; when: string; required: string; done: string }> = [
    {
      rule: ComplianceRule.SEMESTER_VISIT,
      when: `focus and ${semester ? 'visits < 1' : secondBegun ? '(first_term = 0 or second_term = 0)' : 'first_term = 0'}`,
      required: semester || !secondBegun ? '1' : '2',
      done: semester ? 'least(visits, 1)' : secondBegun ? '(first_term > 0)::int + (second_term > 0)::int' : 'least(first_term, 1)',
    },
    // 003 "每学年对每个学生家庭家访1次": a visit at home to a brother or sister counts too.
    ...(semester ? [] : [{ rule: ComplianceRule.ANNUAL_VISIT, when: 'visits + family_visits < 1', required: '1', done: 'visits + family_visits' }]),
    { rule: ComplianceRule.SPECIAL_TWICE, when: `special and in_person < ${semester ? 1 : 2}`, required: semester ? '1' : '2', done: 'in_person' },
  ];
  return { ctes, visitRules };
}

/** One row per student and failed duty: student_id, school_id, rule, required, done, last_on. */
export function gapRows(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  const { ctes, visitRules } = duties(a, sql, scope);
  return `
    with ${ctes}
    ${visitRules.map((r, i) => `select id${i ? '' : ' as student_id'}, school_id, '${r.rule}'${i ? '' : ' as rule'}, ${r.required}${i ? '' : ' as required'},
      ${r.done}${i ? '' : ' as done'}, last_on from counts where ${r.when}`).join(' union all ')}
    union all
    select id, school_id, 'DAILY_CARE', daily_required, daily_done, daily_last from care where daily_done < daily_required
    union all
    select id, school_id, 'WEEKLY_CARE', weekly_required, weekly_done, weekly_last from care where weekly_done < weekly_required
    union all
    select id, school_id, 'HOME_TEACHING', ${HOME_TEACHING_PER_MONTH}, done, last_on from teaching where done < ${HOME_TEACHING_PER_MONTH}`;
}

/** The moment visits count as overdue: now, or the end of asOf when that is earlier. */
export const overdueBefore = (a: ReportArgs) => {
  const end = new Date(startOfDay(nextDay(a.asOf)));
  return end.getTime() < Date.now() ? end : new Date();
};
