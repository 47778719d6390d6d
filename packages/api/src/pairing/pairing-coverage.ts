import { defineEnum, type EnumOf } from '../core/resource/enums';
import type { ReportArgs } from '../core/report/args';
import type { ReportScope } from '../core/report/spec';
import type { Sql } from '../core/report/sql';
import { FocusCategory } from '../roster/roster.enums';
import { studentsInReach } from '../compliance/rules';

/** The two groups 004 speaks of: 建卡贫困户学生 (to be covered in full) and the other focus students. */
export const PairingGroup = defineEnum('PairingGroup', '帮扶对象类别', {
  REGISTERED_POOR: '建档立卡（脱贫）家庭学生',
  OTHER_FOCUS: '其他重点关注学生',
});
export type PairingGroup = EnumOf<typeof PairingGroup>;

/**
 * A pairing active on asOf: begun by then, and not ended before it (ended ones carry their end
 * date; an ACTIVE one without an end date runs on).
 */
export const activeOn = (sql: Sql, asOf: string, p = 'p') =>
  `${p}.start_date <= ${sql.v(asOf)} and (${p}.end_date >= ${sql.v(asOf)} or (${p}.end_date is null and ${p}.status = 'ACTIVE'))`;

/**
 * One row per enrolled focus student in reach: school, group, whether in an active pairing on
 * asOf, and the end of their last pairing (null when never paired).
 */
export function pairingRows(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  return `
    select st.id as student_id, st.school_id, st.class_id,
      case when st.focus_categories @> ${sql.v(JSON.stringify([{ category: FocusCategory.REGISTERED_POOR }]))}::jsonb then 'REGISTERED_POOR' else 'OTHER_FOCUS' end as "group",
      exists (select 1 from pairing_students ps join pairing p on p.id = ps.pairing_id where ps.student_id = st.id and ${activeOn(sql, a.asOf)}) as paired,
      (select max(p.end_date) from pairing_students ps join pairing p on p.id = ps.pairing_id where ps.student_id = st.id and p.start_date <= ${sql.v(a.asOf)}) as last_end
    from student st
    where ${studentsInReach(a, sql, scope)} and st.school_id is not null and st.schooling_status = 'IN_COUNTY' and st.focus_categories <> '[]'`;
}

/** The unpaired of pairingRows with their school and class, for the list and the sheet. */
export const unpairedList = (a: ReportArgs, sql: Sql, scope: ReportScope) => `
  select r.student_id, r.school_id, r.class_id, r."group", to_char(r.last_end, 'YYYY-MM-DD') as last_end,
    s.code as school_code, s.name as school_name, c.name as class_name, st.name
  from (${pairingRows(a, sql, scope)}) r join school s on s.id = r.school_id join student st on st.id = r.student_id
  left join school_class c on c.id = r.class_id
  where not r.paired`;

/** The list's order: by school, registered poor first, class, student. */
export const UNPAIRED_ORDER = `x.school_code, x."group" desc, x.class_name nulls last, x.student_id`;
