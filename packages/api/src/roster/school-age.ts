import type { ReportArgs } from '../core/report/args';
import type { ReportScope } from '../core/report/spec';
import type { Sql } from '../core/report/sql';
import { FocusCategory } from './roster.enums';

/**
 * The children aged 6 to 15 at `asOf` (周岁), by their household village: born after the day
 * they would turn 16 and on or before the day they turned 6 (uses the birth date index).
 */
export function schoolAgeChildren(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  const asOf = sql.v(a.asOf);
  return `
    select st.*, extract(year from age(${asOf}::date, st.birth_date))::int as age_years
    from student st
    where st.bureau_id = ${sql.v(scope.bureauId)}
      and st.birth_date > ${asOf}::date - interval '16 years' and st.birth_date <= ${asOf}::date - interval '6 years'`;
}

/** 残疾儿童: the category, or a recorded disability type (of the children, alias c). */
export const disabledSql = (sql: Sql) => `(${sql.hasCategory('c.focus_categories', [FocusCategory.DISABLED])} or c.disability_type is not null)`;
/** 易地搬迁: the children (alias c) of relocated households. */
export const relocatedSql = (sql: Sql) => sql.hasCategory('c.focus_categories', [FocusCategory.RELOCATED]);
