import { accessPolicy } from '../access/policy';
import type { Viewer } from '../context';
import type { RoleReach, RowLinks } from '../access/types';

/**
 * A test a row must pass along one link path of the policy (`student.school`, `students[]`):
 * the value at the end of the path is one of `values`. A row is reached when any test holds.
 */
export interface LinkTest {
  path: string;
  values: readonly string[];
}

/** SQL expressions of the user row's school and staff columns, which a kind resolves its reach from. */
export interface ReachUser {
  schoolId: string;
  staffId: string;
}

/** What a viewer reaches, as SQL uuid[] expressions read with the user in one statement per request. */
export type ResolvedReach = Record<'schoolIds' | 'studentIds' | 'grantedStudentIds', string>;

/** The students the policy's grants open, as SQL uuid[] over the granting rows of some schools or of one staff member. */
export interface GrantSql {
  bySchools(schoolIds: string): string;
  byStaff(staffId: string): string;
}

/**
 * Whether a row held in memory (being written) is in reach: 'unknown' where a link path cannot be
 * followed without loading more (the database check after the flush decides), else outside
 * along `path`, the first link the kind tests.
 */
export type LoadedReach = 'in' | 'unknown' | { outside: string };

/** What a report's place filter keeps: the schools and students in reach, null for no bound. */
export interface ReachPlaces {
  schoolIds: string[] | null;
  studentIds: string[] | null;
}

/**
 * A kind of reach: which rows a role's viewer reaches. Every use asks one of these methods, so a
 * new kind is one object the compiler checks for completeness, and a new role one row of REACH.
 * Rows are told as link tests over the paths the policy gives from each resource to its school,
 * student and staff; the ORM condition and the read compiler's SQL are both built from them.
 */
export interface ReachKind {
  /** What `me.scope` answers, with its description in the schema. */
  scope: { name: string; label: string };
  /** Every row of the bureau: nothing to test beyond the tenant. */
  wholeBureau: boolean;
  /** The viewer's schools and students, from the user's row (read in the same statement as the user). */
  resolve(user: ReachUser, grants: GrantSql): ResolvedReach;
  /** The tests for a resource linked by `links`; none means no row is reached. */
  tests(links: RowLinks, viewer: Viewer): LinkTest[];
  /** The same tests on an entity in memory, before it is written. */
  testLoaded(row: object, links: RowLinks, viewer: Viewer): LoadedReach;
  /** The places a report lists for the viewer. */
  places(viewer: Viewer): ReachPlaces;
}

const along = (paths: readonly string[] | undefined, values: readonly string[]): LinkTest[] => (paths ?? []).map((path) => ({ path, values }));

/** The ids at the end of a link path through loaded entities; undefined where a step is not loaded. */
export function idsAlong(row: object, path: string): string[] | undefined {
  let current: unknown[] = [row];
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    const name = list ? part.slice(0, -2) : part;
    const next: unknown[] = [];
    for (const item of current) {
      const value = (item as Record<string, any> | null | undefined)?.[name];
      if (value === undefined) return undefined;
      if (!list) next.push(value);
      else if (value?.isInitialized?.()) next.push(...value.getItems());
      else return undefined;
    }
    current = next;
  }
  return current.map((v) => (v as { id?: unknown } | null)?.id ?? v).filter((id): id is string => typeof id === 'string');
}

/** A kind's tests followed in memory: in when any holds, unknown when one cannot be followed. */
export function testAlong(row: object, tests: LinkTest[]): LoadedReach {
  let unknown = tests.length === 0;
  for (const t of tests) {
    const ids = idsAlong(row, t.path);
    if (ids === undefined) unknown = true;
    else if (ids.some((id) => t.values.includes(id))) return 'in';
  }
  return unknown ? 'unknown' : { outside: tests[0].path };
}

const ownSchool = (user: ReachUser) => `array_remove(array[${user.schoolId}], null)`;
const NONE = `'{}'::uuid[]`;

// Students a grant opens (none for most viewers: then no test, and no change to the statement).
const granted = (links: RowLinks, v: Viewer) => (v.grantedStudentIds?.length ? along(links.granted, v.grantedStudentIds) : []);
const schoolTests = (links: RowLinks, v: Viewer) => [...along(links.school, v.schoolIds), ...granted(links, v)];
// A teacher: their own students (rows about a student), else their school; and rows naming them as staff.
const teacherTests = (links: RowLinks, v: Viewer) => [
  ...(links.student ? along(links.student, v.studentIds) : along(links.school, v.schoolId ? [v.schoolId] : [])),
  ...(v.staffId ? along(links.staff, [v.staffId]) : []),
  ...granted(links, v),
];
const schoolsOf = (user: ReachUser) => `array(select id from school where id = ${user.schoolId} or parent_school_id = ${user.schoolId} order by id)`;

/** The kinds, by the name the policy gives a role (REACH); the compiler checks each is complete. */
export const REACH_KINDS: Record<RoleReach, ReachKind> = {
  bureau: {
    scope: { name: 'BUREAU', label: '全县（本局）' },
    wholeBureau: true,
    resolve: (user) => ({ schoolIds: ownSchool(user), studentIds: NONE, grantedStudentIds: NONE }),
    tests: () => [],
    // The tenant is set from the viewer on every write.
    testLoaded: () => 'in',
    places: () => ({ schoolIds: null, studentIds: null }),
  },
  // A school admin: its school and the kindergartens and teaching points attached to it.
  school: {
    scope: { name: 'SCHOOL', label: '本校及下属园校' },
    wholeBureau: false,
    resolve: (user, grants) => ({ schoolIds: schoolsOf(user), studentIds: NONE, grantedStudentIds: grants.bySchools(schoolsOf(user)) }),
    tests: schoolTests,
    testLoaded: (row, links, v) => testAlong(row, schoolTests(links, v)),
    places: (v) => ({ schoolIds: v.schoolIds, studentIds: null }),
  },
  // A teacher: the students of the classes they head or teach, and those paired with them.
  ownStudents: {
    scope: { name: 'OWN_STUDENTS', label: '本人任教、担任班主任及结对帮扶的学生' },
    wholeBureau: false,
    resolve: (user, grants) => ({
      schoolIds: ownSchool(user),
      grantedStudentIds: grants.byStaff(user.staffId),
      // By class first (the student table's class index), not an OR over a join of every student with its class.
      studentIds: `array(select s.id from student s where s.class_id in (
          select c.id from school_class c where c.head_teacher_id = ${user.staffId}
          union all select t.school_class_id from school_class_teachers t where t.staff_member_id = ${user.staffId})
        union
        select ps.student_id from pairing_helpers ph join pairing_students ps on ps.pairing_id = ph.pairing_id where ph.staff_member_id = ${user.staffId})`,
    }),
    tests: teacherTests,
    testLoaded: (row, links, v) => testAlong(row, teacherTests(links, v)),
    places: (v) => ({ schoolIds: v.schoolId ? [v.schoolId] : [], studentIds: v.studentIds }),
  },
};

/** The kind of reach of a role, as the installed policy gives it. */
export function kindOf(role: string): ReachKind {
  return REACH_KINDS[accessPolicy().reach[role]];
}
