import type { MetadataStorage } from '@mikro-orm/core';
import type { Viewer } from '../core/context';
import type { RunSql } from '../core/data/gateway';
import { reachOfUserSql } from '../core/data/viewer-reach';
import type { ViewerCache } from './viewer-cache';

/** What a request needs of its user (read fresh, or remembered until a change is committed: http/viewer-cache.ts). */
export interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  role: string;
  bureau_id: string;
  school_id: string | null;
  staff_id: string | null;
  token_version: number;
  must_change_password: boolean;
  /** Comma-joined: pg's array parser reads a uuid[] character by character in JavaScript. */
  school_ids: string;
  student_ids: string;
  granted_student_ids: string;
}

/** An integration's API token as requests need it (its hash is the key; never the token). */
export interface TokenRow {
  id: string;
  prefix: string;
  name: string;
  bureau_id: string;
  revoked_at: Date | null;
  expires_at: Date | null;
  /** Written at most once a minute; the remembered row is touched with it. */
  last_used_at: Date | null;
}

/** Users by id, API tokens by `token:` and their hash. */
export type UserRows = ViewerCache<UserRow | TokenRow | undefined>;

/** The columns of TokenRow; tests/api/viewer-cache.test.ts checks the api_token trigger watches them. */
export const TOKEN_ROW_COLUMNS: ReadonlyArray<keyof TokenRow> = ['id', 'prefix', 'name', 'bureau_id', 'revoked_at', 'expires_at', 'last_used_at'];

/** The API token with this hash, revoked or not (one prepared statement, no ORM entity). */
export async function tokenByHash(hash: string, run: RunSql): Promise<TokenRow | undefined> {
  const rows = await run(`select ${TOKEN_ROW_COLUMNS.join(', ')} from api_token where token_hash = $1`, [hash]);
  return rows[0] as TokenRow | undefined;
}

let userSql: string | undefined;

/**
 * The active user a login token names, with its token version and what its reach needs (a school
 * admin's schools with the attached ones, a teacher's own students): one prepared statement, no
 * ORM entity, as it runs for every request whose user is not remembered (http/viewer-cache.ts).
 */
export async function activeUser(userId: string, run: RunSql, meta: MetadataStorage): Promise<UserRow | undefined> {
  return (await run(userStatement(meta), [userId]))[0] as UserRow | undefined;
}

/** The statement `activeUser` sends, $1 the user's id. */
export function userStatement(meta: MetadataStorage): string {
  if (!userSql) {
    const reach = reachOfUserSql(meta, 'u.role', { schoolId: 'u.school_id', staffId: 'u.staff_id' });
    userSql = `select u.id, u.username, u.display_name, u.role, u.bureau_id, u.school_id, u.staff_id, u.token_version, u.must_change_password,
        array_to_string(${reach.schoolIds}, ',') as school_ids, array_to_string(${reach.studentIds}, ',') as student_ids,
        array_to_string(${reach.grantedStudentIds}, ',') as granted_student_ids
      from "user" u where u.id = $1 and u.active`;
  }
  return userSql;
}

/** The viewer of a request (core/data/reach.ts resolved its reach with the user's row). */
export function viewerForUser(user: UserRow): Viewer {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name ?? null,
    role: user.role,
    bureauId: user.bureau_id,
    schoolId: user.school_id,
    staffId: user.staff_id,
    schoolIds: idList(user.school_ids),
    studentIds: idList(user.student_ids),
    // Beyond the own reach only: a granted student already reached adds a test to every statement for nothing.
    grantedStudentIds: beyond(idList(user.granted_student_ids), user.student_ids),
    ...(user.must_change_password ? { mustChangePassword: true } : {}),
  };
}

const idList = (joined: string): string[] => (joined ? joined.split(',') : []);
const beyond = (granted: string[], reached: string): string[] => {
  if (!granted.length || !reached) return granted;
  const own = new Set(idList(reached));
  return granted.filter((id) => !own.has(id));
};
