import type { EntityManager } from '@mikro-orm/postgresql';
import { Sql } from '../core/report/sql';
import { todayInChina } from '../core/time/school-year';
import { activeOn } from '../pairing/pairing-coverage';
import { enumLabels } from '../core/resource/enums';
import type { FocusCategory } from '../roster/roster.enums';
import { RosterPriority, RosterSkipReason, type RosterAssignee } from './campaign.enums';

const CATEGORY_LABELS = enumLabels.get('FocusCategory')!;
/** The reason of a child chosen without categories. */
export const ALL_STUDENTS = '全员覆盖家访';

/** A student of the selection with who could visit them and what the campaign already holds. */
export interface Candidate {
  studentId: string;
  categories: FocusCategory[];
  headTeacherId: string | null;
  helperId: string | null;
  rosterEntryId: string | null;
  /** Who first visited the student in the campaign (then the visitor is taken, 003). */
  firstVisitorId: string | null;
}

export interface PlannedEntry {
  studentId: string;
  assignedStaffId: string;
  priority: RosterPriority;
  reason: string;
}

export interface Skip {
  studentId: string;
  reason: RosterSkipReason;
  rosterEntryId: string | null;
}

/**
 * The enrolled students (县域内就读) of the bureau in the schools given (all when null) having any
 * of the categories (everyone when none), with their active head teacher and the helper of their
 * longest-running pairing active today (by name among several). Reach is applied by the caller.
 */
export async function candidates(em: EntityManager, bureauId: string, campaignId: string, categories: readonly string[], schoolIds: readonly string[] | null): Promise<Candidate[]> {
  const sql = new Sql();
  const c = sql.v(campaignId);
  const rows = await sql.run<Record<string, any>>(em, `
    select st.id, st.focus_categories, ht.id as head_teacher_id,
      (select sm.id from pairing_students ps join pairing p on p.id = ps.pairing_id and ${activeOn(sql, todayInChina())}
         join pairing_helpers ph on ph.pairing_id = p.id join staff_member sm on sm.id = ph.staff_member_id and sm.active
       where ps.student_id = st.id order by p.start_date, sm.name, sm.id limit 1) as helper_id,
      re.id as roster_entry_id,
      (select v.visitor_id from visit_record v where v.campaign_id = ${c} and v.student_id = st.id order by v.created_at, v.id limit 1) as first_visitor_id
    from student st
    left join school_class sc on sc.id = st.class_id
    left join staff_member ht on ht.id = sc.head_teacher_id and ht.active
    left join roster_entry re on re.campaign_id = ${c} and re.student_id = st.id
    left join school s on s.id = st.school_id
    where st.bureau_id = ${sql.v(bureauId)} and st.schooling_status = 'IN_COUNTY' and st.school_id is not null
      ${schoolIds ? `and st.school_id = any(${sql.uuids(schoolIds)})` : ''}
      ${categories.length ? `and ${sql.hasCategory('st.focus_categories', categories)}` : ''}
    order by s.code, sc.grade, sc.name, st.id`);
  return rows.map((r) => ({
    studentId: r.id,
    categories: ((r.focus_categories ?? []) as Array<{ category: FocusCategory }>).map((e) => e.category),
    headTeacherId: r.head_teacher_id,
    helperId: r.helper_id,
    rosterEntryId: r.roster_entry_id,
    firstVisitorId: r.first_visitor_id,
  }));
}

/**
 * Who visits each student, under the campaign's rules: one visitor per student (a student on the
 * roster already keeps theirs; one visited in the campaign keeps whoever went), the head teacher
 * or the paired helper as asked; focus students are 重点走访.
 */
export function planRoster(list: Candidate[], assignTo: RosterAssignee, categories: readonly string[]): { planned: PlannedEntry[]; skipped: Skip[] } {
  const planned: PlannedEntry[] = [];
  const skipped: Skip[] = [];
  for (const c of list) {
    const skip = (reason: RosterSkipReason) => skipped.push({ studentId: c.studentId, reason, rosterEntryId: c.rosterEntryId });
    if (c.rosterEntryId) {
      skip(RosterSkipReason.ALREADY_ON_ROSTER);
      continue;
    }
    const staff = assignTo === 'HEAD_TEACHER' ? c.headTeacherId : c.helperId;
    if (!staff) {
      skip(assignTo === 'HEAD_TEACHER' ? RosterSkipReason.NO_HEAD_TEACHER : RosterSkipReason.NO_PAIRED_HELPER);
      continue;
    }
    if (c.firstVisitorId && c.firstVisitorId !== staff) {
      skip(RosterSkipReason.VISITED_BY_ANOTHER);
      continue;
    }
    const matched = categories.length ? c.categories.filter((x) => categories.includes(x)) : c.categories;
    planned.push({
      studentId: c.studentId,
      assignedStaffId: staff,
      priority: c.categories.length ? RosterPriority.HIGH : RosterPriority.NORMAL,
      reason: matched.length ? matched.map((x) => CATEGORY_LABELS[x]).join('、') : ALL_STUDENTS,
    });
  }
  return { planned, skipped };
}
