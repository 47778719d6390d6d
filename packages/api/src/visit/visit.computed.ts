import type { ComputedField } from '../core/data/computed';
import { codeList } from '../core/report/sql';
import { Semester } from '../core/time/school-year';
import { DONE_VISIT_STATUSES, TRAVELLING_FORMS, VisitStatus } from './visit.enums';

// The computed fields of visit.resolver.ts as SQL, so a list or record asking for them (the
// admin asks every field) is still one statement. Each must answer what its resolver answers.

/** When a visit happened, the first of these that is set (visit.resolver.ts reads it so too). */
export const VISIT_HAPPENED_AT = ['visitedAt', 'completedAt', 'departedAt', 'plannedAt', 'createdAt'] as const;

/** `overdue`: departed, and past the expected return. */
const overdue: ComputedField = (tools, res, a) => ({
  json: `(${tools.column(res, a, 'status')} in ${codeList([VisitStatus.DEPARTED])} and ${tools.column(res, a, 'expectedReturnAt')} is not null and ${tools.column(res, a, 'expectedReturnAt')} < now())`,
});

const happened = (tools: Parameters<ComputedField>[0], res: Parameters<ComputedField>[1], t: string) =>
  `coalesce(${VISIT_HAPPENED_AT.map((f) => tools.column(res, t, f)).join(', ')})`;

/** `latestVisit`: of the student's visits in reach, the latest; on a tie the first in the list's order. */
const latestVisit: ComputedField = (tools, res, a, sel) => {
  const rows = sel && tools.childRows(res, a, 'visits');
  if (!rows) return undefined;
  const inner = tools.compile(rows.res, sel!, rows.alias);
  if (!inner) return undefined;
  const order = `${happened(tools, rows.res, rows.alias)} desc, ${rows.order}`;
  return { json: `(select ${inner.json} from ${rows.from}${inner.joins} where ${rows.where} order by ${order} limit 1)`, nested: { shape: inner.shape, many: false } };
};

/**
 * `visitCounts`: completed visits per school year and semester of their 家访时间 (the day in China time; autumn
 * September–January, spring February–August), the latest term first.
 */
const visitCounts: ComputedField = (tools, res, a) => {
  const rows = tools.childRows(res, a, 'visits');
  if (!rows) return undefined;
  const t = rows.alias;
  const completed = tools.column(rows.res, t, 'visitedAt');
  // China Standard Time is UTC+8 all year (todayInChina adds 8 hours, so does this).
  const day = `((${completed} at time zone 'UTC') + interval '8 hours')`;
  const y = `extract(year from ${day})::int`;
  const m = `extract(month from ${day})::int`;
  const year = `case when ${m} >= 9 then ${y} || '-' || (${y} + 1) else (${y} - 1) || '-' || ${y} end`;
  // As schoolTermOf (core/time/school-year.ts).
  const semester = `case when ${m} >= 9 or ${m} = 1 then ${codeList([Semester.FIRST])} else ${codeList([Semester.SECOND])} end`;
  const travelled = `${tools.column(rows.res, t, 'form')} in ${codeList(TRAVELLING_FORMS)}`;
  const terms = `select ${year} as y, ${semester} as s, count(*)::int as n, (count(*) filter (where ${travelled}))::int as p
    from ${rows.from} where ${rows.where} and ${tools.column(rows.res, t, 'status')} in ${codeList(DONE_VISIT_STATUSES)} and ${completed} is not null group by 1, 2`;
  return {
    json: `coalesce((select json_agg(json_build_object('schoolYear', c.y, 'semester', c.s, 'completed', c.n, 'inPerson', c.p) order by (c.y || c.s) collate "C" desc) from (${terms}) c), '[]'::json)`,
  };
};

export const VISIT_RECORD_COMPUTED = { overdue };
export const STUDENT_COMPUTED = { latestVisit, visitCounts };
