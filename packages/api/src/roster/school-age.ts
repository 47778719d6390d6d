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
    select st.*, v.parent_id as town_id, extract(year from age(${asOf}::date, st.birth_date))::int as age_years
    from student st left join region v on v.id = st.household_village_id
    where st.bureau_id = ${sql.v(scope.bureauId)}
      and st.birth_date > ${sql.v(a.asOf)}::date - interval '16 years' and st.birth_date <= ${sql.v(a.asOf)}::date - interval '6 years'`;
}

/** 残疾儿童: the category, or a recorded disability type. */
export const disabledSql = (sql: Sql, c = 'c') => `(${sql.hasCategory(`${c}.focus_categories`, [FocusCategory.DISABLED])} or ${c}.disability_type is not null)`;
export const relocatedSql = (sql: Sql, c = 'c') => sql.hasCategory(`${c}.focus_categories`, [FocusCategory.RELOCATED]);
