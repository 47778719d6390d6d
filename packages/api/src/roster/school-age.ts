import type { ReportArgs } from '../core/report/args';
import type { ReportScope } from '../core/report/spec';
import type { Sql } from '../core/report/sql';
import { FocusCategory } from './roster.enums';
import { kindAccess } from '../core/access/policy';

/**
 * The children aged 6 to 15 at `asOf` (周岁), by their household village: born after the day
 * they would turn 16 and on or before the day they turned 6 (uses the birth date index).
 *
 * A role that reads birth dates by year and month only counts ages by month too (a child is a
 * year older from the first of their birth month), so moving `asOf` a day at a time cannot tell
 * the day anyone was born.
 */
export function schoolAgeChildren(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  const asOf = sql.v(a.asOf);
  const bureau = sql.v(scope.bureauId);
  if (kindAccess(scope.viewer, 'BIRTH_DATE') !== 'full') {
    const month = `date_trunc('month', ${asOf}::date)::date`;
    return `
    select st.*, extract(year from age(${month}, date_trunc('month', st.birth_date)::date))::int as age_years
    from student st
    where st.bureau_id = ${bureau}
      and st.birth_date >= ${month} - interval '16 years' + interval '1 month' and st.birth_date < ${month} - interval '6 years' + interval '1 month'`;
  }
  return `
    select st.*, extract(year from age(${asOf}::date, st.birth_date))::int as age_years
    from student st
    where st.bureau_id = ${bureau}
      and st.birth_date > ${asOf}::date - interval '16 years' and st.birth_date <= ${asOf}::date - interval '6 years'`;
}

/** 残疾儿童: the category, or a recorded disability type (of the children, alias c). */
export const disabledSql = (sql: Sql) => `(${sql.hasCategory('c.focus_categories', [FocusCategory.DISABLED])} or c.disability_type is not null)`;
/** 易地搬迁: the children (alias c) of relocated households. */
export const relocatedSql = (sql: Sql) => sql.hasCategory('c.focus_categories', [FocusCategory.RELOCATED]);
