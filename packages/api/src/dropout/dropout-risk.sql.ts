import { nextDay, sqlDaysBefore, startOfDay, type ReportArgs } from '../core/report/args';
import type { ReportScope } from '../core/report/spec';
import { codeList, type Sql } from '../core/report/sql';
import { enrolledInReach, gapRows } from '../compliance/rules';
import { DONE_VISIT_STATUSES } from '../visit/visit.enums';
import { DropoutCaseStatus } from './dropout.enums';
import { RiskFactor as F } from './dropout-risk.enums';
import {
  EARLIER_CASE_WEIGHTS, ENROLLMENT_CHANGE_WEIGHTS, ESCALATED_SUGGESTION_WEIGHT, FOCUS_WEIGHTS, GRADE_WEIGHTS,
  MISSED_VISIT_WEIGHTS, RECENT_DAYS, RISK_BANDS, VISIT_SIGN_WEIGHTS,
} from './risk-weights';

/** A weight table as an SQL VALUES list `(code, weight)`, bound as parameters. */
function weights(sql: Sql, table: Record<string | number, number | { weight: number } | undefined>): string {
  const rows = Object.entries(table).filter(([, w]) => w != null).map(([code, w]) => `(${sql.v(code)}::text, ${sql.v(typeof w === 'number' ? w : w!.weight)}::int)`);
  return `(values ${rows.join(', ')})`;
}

/**
 * One row per enrolled student in reach and fact that weighs on their risk: `student_id,
 * school_id, factor, code, weight, on_day` (the fact's latest day, where it has one) and `n` (how
 * many: visits short, suggestions, cases). Each fact counts once, with its weight from risk-weights.ts.
 */
export function riskReasonRows(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  const since = sqlDaysBefore(a.asOf, RECENT_DAYS);
  const end = sql.v(startOfDay(nextDay(a.asOf)));
  const asOf = `${sql.v(a.asOf)}::date`;
  return `
    with st as (
      select st.id, st.school_id, st.focus_categories, c.grade
      from (${enrolledInReach(a, sql, scope)}) st join student x on x.id = st.id left join school_class c on c.id = x.class_id
    )
    select st.id as student_id, st.school_id, '${F.FOCUS}' as factor, w.code, w.weight, null::date as on_day, 1 as n
    from st cross join jsonb_array_elements(st.focus_categories) e join ${weights(sql, FOCUS_WEIGHTS)} w(code, weight) on w.code = e->>'category'
    union all
    select st.id, st.school_id, '${F.GRADE}', w.code, w.weight, null, 1
    from st join ${weights(sql, GRADE_WEIGHTS)} w(code, weight) on w.code = st.grade::text
    union all
    select st.id, st.school_id, '${F.MISSED_VISIT}', w.code, w.weight, g.last_on, (g.required - g.done)::int
    from (${gapRows(a, sql, scope)}) g join st on st.id = g.student_id join ${weights(sql, MISSED_VISIT_WEIGHTS)} w(code, weight) on w.code = g.rule
    union all
    select st.id, st.school_id, '${F.VISIT_SIGN}', w.code, w.weight, max((v.visited_at at time zone 'Asia/Shanghai')::date), count(*)
    from st join visit_record v on v.student_id = st.id cross join unnest(v.dropout_signs) s(sign)
      join ${weights(sql, VISIT_SIGN_WEIGHTS)} w(code, weight) on w.code = s.sign
    where v.status in ${codeList(DONE_VISIT_STATUSES)} and v.visited_at >= ${sql.v(since)} and v.visited_at < ${end}
    group by st.id, st.school_id, w.code, w.weight
    union all
    select st.id, st.school_id, '${F.ESCALATED_SUGGESTION}', 'ESCALATED', ${sql.v(ESCALATED_SUGGESTION_WEIGHT)}::int,
      max((ps.created_at at time zone 'Asia/Shanghai')::date), count(*)
    from st join visit_record v on v.student_id = st.id join parent_suggestion ps on ps.visit_id = v.id
    where ps.status = 'ESCALATED' and ps.created_at < ${end}
    group by st.id, st.school_id
    union all
    select st.id, st.school_id, '${F.EARLIER_CASE}', w.code, w.weight, max(coalesce(c.returned_on, c.closed_on)), count(*)
    from st join dropout_case c on c.student_id = st.id join ${weights(sql, EARLIER_CASE_WEIGHTS)} w(code, weight) on w.code = c.status
    where c.status in ${codeList([DropoutCaseStatus.RETURNED, DropoutCaseStatus.CLOSED])} and coalesce(c.returned_on, c.closed_on) <= ${asOf}
    group by st.id, st.school_id, w.code, w.weight
    union all
    select st.id, st.school_id, '${F.ENROLLMENT_CHANGE}', w.code, w.weight, max(e.effective_on), count(*)
    from st join enrollment_change e on e.student_id = st.id join ${weights(sql, ENROLLMENT_CHANGE_WEIGHTS)} w(code, weight) on w.code = e.kind
    where e.effective_on >= ${sql.v(since.slice(0, 10))}::date and e.effective_on <= ${asOf}
    group by st.id, st.school_id, w.code, w.weight`;
}

/** The band of a score as SQL (RISK_BANDS, highest first). */
export function bandSql(sql: Sql, score: string): string {
  return `case ${RISK_BANDS.map((b) => `when ${score} >= ${sql.v(b.min)}::int then '${b.band}'`).join(' ')} else 'NONE' end`;
}

/**
 * Every enrolled student in reach with their score: `student_id, school_id, score`; `reasons` is
 * a relation of riskReasonRows already in the statement (a CTE), else they are computed here.
 */
export function riskScores(a: ReportArgs, sql: Sql, scope: ReportScope, reasons?: string): string {
  return `
    select st.id as student_id, st.school_id, coalesce(sum(r.weight), 0)::int as score
    from (${enrolledInReach(a, sql, scope)}) st
    left join ${reasons ?? `(${riskReasonRows(a, sql, scope)})`} r on r.student_id = st.id
    group by st.id, st.school_id`;
}
