import type { ReportListQuery } from '../core/report/list';
import { gapRows } from './rules';

/**
 * The students behind complianceReport (complianceGaps, the download's 合规缺口名单): a row per
 * student and rule not met, of the rules asked for (all when none), with the names the sheet prints,
 * by school, rule and the largest gap first.
 */
export const gapList = (rules?: readonly string[]): ReportListQuery => ({
  rows: (a, sql, scope) => `
    select g.student_id, g.school_id, g.rule, g.required::int as required, g.done::int as done, to_char(g.last_on, 'YYYY-MM-DD') as last_on,
      s.code as school_code, s.name as school_name, st.name, h.id as household_id, h.name as household
    from (${gapRows(a, sql, scope)}) g join school s on s.id = g.school_id join student st on st.id = g.student_id
      left join household_students hs on hs.student_id = g.student_id left join household h on h.id = hs.household_id
    ${rules?.length ? `where g.rule = any(${sql.codes(rules)})` : ''}`,
  order: 'x.school_code, x.rule, x.required - x.done desc, x.student_id',
});
