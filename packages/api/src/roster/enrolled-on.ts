import { codeList } from '../core/report/sql';
import { SchoolingStatus } from './roster.enums';

/**
 * SQL for the students on a school's roll at the end of `day` (an SQL date expression that may
 * name an outer row, such as a month's last day), as `student_id, school_id`: 实际在校生, those on
 * leave or suspended included (002 附件2-2 Ⅳ "以实际在校生人数为准，含请假、休学").
 *
 * A student's school and status on a past day are the from-values of their first 学籍异动 after
 * it, else the ones they have now. A confirmed dropout is off the roll from its confirmation to
 * its return; before the confirmation the status it gave the child does not count against them.
 */
export function enrolledOnSql(day: string, bureauParam: string): string {
  return `
    select st.id as student_id, coalesce(nx.from_school_id, case when nx.found is null then st.school_id end) as school_id
    from student st
    left join lateral (
      select true as found, e.from_school_id, e.from_status from enrollment_change e
      where e.student_id = st.id and e.effective_on > ${day}
      order by e.effective_on, e.created_at limit 1
    ) nx on true
    where st.bureau_id = ${bureauParam}
      and coalesce(nx.from_school_id, case when nx.found is null then st.school_id end) is not null
      and (coalesce(nx.from_status, st.schooling_status) = ${codeList([SchoolingStatus.IN_COUNTY])}
        or exists (select 1 from dropout_case c where c.student_id = st.id and c.confirmed_on > ${day}))
      and not exists (select 1 from dropout_case c where c.student_id = st.id
        and c.confirmed_on <= ${day} and (c.returned_on is null or c.returned_on > ${day}))`;
}
