import type { Viewer } from '../core/context';
import type { RunSql } from '../core/data/gateway';
import { resolveReach } from '../core/data/viewer-reach';

/** What a request needs of its user, read fresh on every request (a disabled account stops at once). */
interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  role: string;
  bureau_id: string;
  school_id: string | null;
  staff_id: string | null;
  token_version: number;
}

/**
 * The active user a login token names, with its token version: one prepared statement, no ORM
 * entity (it runs on every request).
 */
export async function activeUser(userId: string, run: RunSql): Promise<UserRow | undefined> {
  const rows = await run(
    'select id, username, display_name, role, bureau_id, school_id, staff_id, token_version from "user" where id = $1 and active',
    [userId],
  );
  return rows[0] as UserRow | undefined;
}

/**
 * The viewer of a request, with what its reach needs resolved once (core/data/reach.ts): a
 * school admin's schools (their own and the attached ones), a teacher's own students.
 */
export async function viewerForUser(user: UserRow, run: RunSql): Promise<Viewer> {
  const { schoolIds, studentIds } = await resolveReach(user.role, { schoolId: user.school_id, staffId: user.staff_id }, run);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name ?? null,
    role: user.role,
    bureauId: user.bureau_id,
    schoolId: user.school_id,
    staffId: user.staff_id,
    schoolIds,
    studentIds,
  };
}
