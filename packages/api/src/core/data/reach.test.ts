import type { Viewer } from '../context';
import type { RowLinks } from '../access/types';
import { idsAlong, REACH_KINDS, testAlong } from './reach';

const [A, K, B] = ['school-a', 'kindergarten-k', 'school-b'];
const [s1, s2, s4] = ['student-1', 'student-2', 'student-4'];
const T = 'staff-teacher';

const viewer = (role: string, extra: Partial<Viewer> = {}): Viewer => ({
  userId: 'user', username: 'u', displayName: null, role, bureauId: 'bureau', schoolId: null, staffId: null, schoolIds: [], studentIds: [], ...extra,
});
const admin = viewer('BUREAU_ADMIN');
const principal = viewer('SCHOOL_ADMIN', { schoolId: A, schoolIds: [A, K] });
const teacher = viewer('TEACHER', { schoolId: A, staffId: T, schoolIds: [A], studentIds: [s1, s2] });

// Links as the policy gives them: a row about a student, a row of a school only, a pairing.
const guardian: RowLinks = { school: ['student.school'], student: ['student'] };
const schoolClass: RowLinks = { school: ['school'] };
const pairing: RowLinks = { school: ['students[].school', 'helpers[].school'], student: ['students[]'], staff: ['helpers[]'] };

/** A loaded many-to-many collection as the ORM gives it (or one not loaded). */
const collection = (items: object[], loaded = true) => ({ isInitialized: () => loaded, getItems: () => items });
const school = (id: string) => ({ id });
const student = (id: string, schoolId?: string | null) => ({ id, ...(schoolId !== undefined ? { school: schoolId && school(schoolId) } : {}) });

describe('REACH_KINDS', () => {
  it('gives each kind its own me.scope value', () => {
    const names = Object.values(REACH_KINDS).map((k) => k.scope.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('tests', () => {
  it('bureau: the whole bureau, nothing to test', () => {
    expect(REACH_KINDS.bureau.wholeBureau).toBe(true);
    expect(REACH_KINDS.bureau.tests(guardian, admin)).toEqual([]);
  });

  it('school: the school paths, against the school and its attached ones', () => {
    expect(REACH_KINDS.school.wholeBureau).toBe(false);
    expect(REACH_KINDS.school.tests(guardian, principal)).toEqual([{ path: 'student.school', values: [A, K] }]);
    expect(REACH_KINDS.school.tests(pairing, principal).map((t) => t.path)).toEqual(['students[].school', 'helpers[].school']);
  });

  it('ownStudents: the student paths, else the own school, and rows naming the teacher as staff', () => {
    const kind = REACH_KINDS.ownStudents;
    expect(kind.tests(guardian, teacher)).toEqual([{ path: 'student', values: [s1, s2] }]);
    expect(kind.tests(schoolClass, teacher)).toEqual([{ path: 'school', values: [A] }]);
    expect(kind.tests(pairing, teacher)).toEqual([{ path: 'students[]', values: [s1, s2] }, { path: 'helpers[]', values: [T] }]);
    // A teacher account without a staff record, or without a school, reaches no such rows.
    expect(kind.tests(pairing, { ...teacher, staffId: null })).toEqual([{ path: 'students[]', values: [s1, s2] }]);
    expect(kind.tests(schoolClass, { ...teacher, schoolId: null })).toEqual([{ path: 'school', values: [] }]);
  });
});

describe('grants', () => {
  const grantedGuardian: RowLinks = { ...guardian, granted: ['student'] };
  const s9 = 'student-9';

  it('add a test along the granted paths, only when the viewer has granted students', () => {
    expect(REACH_KINDS.school.tests(grantedGuardian, principal)).toEqual([{ path: 'student.school', values: [A, K] }]);
    expect(REACH_KINDS.school.tests(grantedGuardian, { ...principal, grantedStudentIds: [s9] })).toEqual([
      { path: 'student.school', values: [A, K] },
      { path: 'student', values: [s9] },
    ]);
    expect(REACH_KINDS.ownStudents.tests(grantedGuardian, { ...teacher, grantedStudentIds: [s9] })).toEqual([
      { path: 'student', values: [s1, s2] },
      { path: 'student', values: [s9] },
    ]);
  });

  it('open nothing where the resource names no granted path', () => {
    expect(REACH_KINDS.school.tests(guardian, { ...principal, grantedStudentIds: [s9] })).toEqual([{ path: 'student.school', values: [A, K] }]);
  });

  it('hold for rows in memory as well', () => {
    const row = { student: student(s9, null) };
    expect(REACH_KINDS.school.testLoaded(row, grantedGuardian, principal)).toEqual({ outside: 'student.school' });
    expect(REACH_KINDS.school.testLoaded(row, grantedGuardian, { ...principal, grantedStudentIds: [s9] })).toBe('in');
  });
});

describe('testLoaded', () => {
  it('bureau: every row it writes is in its bureau', () => {
    expect(REACH_KINDS.bureau.testLoaded({ student: student(s4, B) }, guardian, admin)).toBe('in');
  });

  it('school: in and out along the school path; unknown where the path is not loaded', () => {
    const kind = REACH_KINDS.school;
    expect(kind.testLoaded({ student: student(s1, K) }, guardian, principal)).toBe('in');
    expect(kind.testLoaded({ student: student(s4, B) }, guardian, principal)).toEqual({ outside: 'student.school' });
    // A student not enrolled anywhere is beyond a school's reach.
    expect(kind.testLoaded({ student: student(s4, null) }, guardian, principal)).toEqual({ outside: 'student.school' });
    // A reference not loaded (its school unknown in memory): the database check decides.
    expect(kind.testLoaded({ student: student(s4) }, guardian, principal)).toBe('unknown');
    expect(kind.testLoaded({ school: school(B) }, schoolClass, principal)).toEqual({ outside: 'school' });
    expect(kind.testLoaded({ students: collection([student(s1, A)]), helpers: collection([]) }, pairing, principal)).toBe('in');
  });

  it('ownStudents: in and out along the student and staff paths, lists included', () => {
    const kind = REACH_KINDS.ownStudents;
    expect(kind.testLoaded({ student: student(s1) }, guardian, teacher)).toBe('in');
    expect(kind.testLoaded({ student: student(s4) }, guardian, teacher)).toEqual({ outside: 'student' });
    expect(kind.testLoaded({ school: school(A) }, schoolClass, teacher)).toBe('in');
    expect(kind.testLoaded({ school: school(B) }, schoolClass, teacher)).toEqual({ outside: 'school' });
    expect(kind.testLoaded({ students: collection([student(s4), student(s2)]), helpers: collection([]) }, pairing, teacher)).toBe('in');
    expect(kind.testLoaded({ students: collection([student(s4)]), helpers: collection([{ id: T }]) }, pairing, teacher)).toBe('in');
    expect(kind.testLoaded({ students: collection([student(s4)]), helpers: collection([]) }, pairing, teacher)).toEqual({ outside: 'students[]' });
    expect(kind.testLoaded({ students: collection([], false), helpers: collection([]) }, pairing, teacher)).toBe('unknown');
  });
});

describe('following paths in memory', () => {
  it('reads ids through references and loaded lists', () => {
    const row = { students: collection([student(s1, A), student(s2, K), student(s4, null)]) };
    expect(idsAlong(row, 'students[].school')).toEqual([A, K]);
    expect(idsAlong(row, 'students[]')).toEqual([s1, s2, s4]);
    expect(idsAlong({ id: A }, 'id')).toEqual([A]);
    expect(idsAlong({ visit: { student: null } }, 'visit.student.school')).toBeUndefined();
  });

  it('leaves a row with nothing to test to the database', () => {
    expect(testAlong({ school: school(A) }, [])).toBe('unknown');
  });
});

describe('places', () => {
  it('bounds a report by the schools and students each kind reaches', () => {
    expect(REACH_KINDS.bureau.places(admin)).toEqual({ schoolIds: null, studentIds: null });
    expect(REACH_KINDS.school.places(principal)).toEqual({ schoolIds: [A, K], studentIds: null });
    expect(REACH_KINDS.ownStudents.places(teacher)).toEqual({ schoolIds: [A], studentIds: [s1, s2] });
    expect(REACH_KINDS.ownStudents.places({ ...teacher, schoolId: null })).toEqual({ schoolIds: [], studentIds: [s1, s2] });
  });
});

describe('resolve', () => {
  // SQL over the user's row, read in the statement that loads the user (http/viewer.ts); what it
  // answers is tested over the API (tests/api/access.test.ts: a principal's kindergartens, a teacher's students).
  const user = { schoolId: 'u.school_id', staffId: 'u.staff_id' };
  const grants = { bySchools: (schools: string) => `granted to ${schools}`, byStaff: (staff: string) => `granted to ${staff}` };

  it('bureau: its own school if any, no student list', () => {
    expect(REACH_KINDS.bureau.resolve(user, grants)).toEqual({
      schoolIds: 'array_remove(array[u.school_id], null)',
      studentIds: "'{}'::uuid[]",
      grantedStudentIds: "'{}'::uuid[]",
    });
  });

  it('school: the school and those attached to it; granted the students of those schools\' granting rows', () => {
    const { schoolIds, grantedStudentIds } = REACH_KINDS.school.resolve(user, grants);
    expect(schoolIds).toContain('where id = u.school_id or parent_school_id = u.school_id');
    expect(grantedStudentIds).toBe(`granted to ${schoolIds}`);
  });

  it('ownStudents: the classes the staff member heads or teaches, and their pairings', () => {
    const { schoolIds, studentIds, grantedStudentIds } = REACH_KINDS.ownStudents.resolve(user, grants);
    expect(grantedStudentIds).toBe('granted to u.staff_id');
    expect(schoolIds).toBe('array_remove(array[u.school_id], null)');
    expect(studentIds.match(/u\.staff_id/g)).toHaveLength(3);
    expect(studentIds).toMatch(/head_teacher_id = u\.staff_id[\s\S]*school_class_teachers[\s\S]*pairing_helpers/);
  });
});
