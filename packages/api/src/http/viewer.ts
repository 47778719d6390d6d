import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import { reachOf } from '../core/access/policy';
import type { User } from '../org/user.entity';

/**
 * The viewer of a request, with what its reach needs resolved once: a school admin's schools
 * (their own and the attached ones), a teacher's own students.
 */
export async function viewerForUser(user: User, em: EntityManager): Promise<Viewer> {
  const schoolId = user.school?.id ?? null;
  const staffId = user.staff?.id ?? null;
  const conn = em.getConnection();
  let schoolIds: string[] = schoolId ? [schoolId] : [];
  let studentIds: string[] = [];
  const reach = reachOf(user.role);
  if (reach === 'school' && schoolId) {
    const rows: Array<{ id: string }> = await conn.execute('select id from school where id = ? or parent_school_id = ?', [schoolId, schoolId]);
    schoolIds = rows.map((r) => r.id);
  }
  if (reach === 'ownStudents' && staffId) {
    const rows: Array<{ id: string }> = await conn.execute(
      `select s.id from student s join school_class c on c.id = s.class_id
        where c.head_teacher_id = ? or exists (select 1 from school_class_teachers t where t.school_class_id = c.id and t.staff_member_id = ?)
       union
       select ps.student_id from pairing_students ps join pairing_helpers ph on ph.pairing_id = ps.pairing_id where ph.staff_member_id = ?`,
      [staffId, staffId, staffId],
    );
    studentIds = rows.map((r) => r.id);
  }
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName ?? null,
    role: user.role,
    bureauId: user.bureau.id,
    schoolId,
    staffId,
    schoolIds,
    studentIds,
  };
}
