import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './app';
import { createBureau, FIXTURE_PASSWORD } from './fixtures';
import { newIdNumber } from './ids';
import { hashPassword } from '../../packages/api/src/core/auth/password';

/**
 * A small county for access tests: central school A with an attached kindergarten K, another
 * school B; a teacher heading class A1 and paired with one student of class A2; one user per
 * role. Built through the API as the bureau admin, users written directly.
 */
export async function createCounty(app: TestApp) {
  const { bureauId, username } = await createBureau(app.orm, '蒲城县教育局');
  const adminToken = await app.login(username, FIXTURE_PASSWORD);
  const ok = (q: string, v?: Record<string, unknown>) => app.ok(q, v, adminToken);
  const school = async (name: string, code: string, kind: string, parent?: string) =>
    (await ok(`mutation ($n: String!, $c: String!, $p: ID) { createSchool(name: $n, code: $c, kind: ${kind}, parentSchoolId: $p) { id } }`, { n: name, c: code, p: parent })).createSchool.id as string;
  const A = await school('城关中心小学', 'SA01', 'PRIMARY');
  const K = await school('城关中心幼儿园', 'SK01', 'KINDERGARTEN', A);
  const B = await school('龙阳中心小学', 'SB01', 'PRIMARY');
  const staff = async (name: string, s: string) =>
    (await ok('mutation ($n: String!, $s: ID!) { createStaffMember(name: $n, schoolId: $s, position: TEACHER, phone: "13912345678") { id } }', { n: name, s })).createStaffMember.id as string;
  const teacherStaff = await staff('李老师', A);
  const otherStaff = await staff('王老师', A);
  const klass = async (s: string, name: string, head: string | null) =>
    (await ok('mutation ($s: ID!, $n: String!, $h: ID) { createSchoolClass(schoolId: $s, grade: 3, name: $n, schoolYear: "2024-2025", headTeacherId: $h) { id } }', { s, n: name, h: head })).createSchoolClass.id as string;
  const A1 = await klass(A, '三年级（1）班', teacherStaff);
  const A2 = await klass(A, '三年级（2）班', otherStaff);
  const K1 = await klass(K, '大班', null);
  const B1 = await klass(B, '三年级（1）班', null);
  const student = async (name: string, s: string, c: string) => {
    const id = newIdNumber('2015-04-01', 'MALE');
    return (await ok(
      `mutation ($n: String!, $b: LocalDate!, $id: String, $s: ID, $c: ID) { createStudent(name: $n, gender: MALE, birthDate: $b, idNumber: $id, schoolId: $s, classId: $c,
        address: "城关街道东村3组", focusCategories: [{ category: REGISTERED_POOR }]) { id } }`,
      { n: name, b: id.birthDate, id: id.idNumber, s, c },
    )).createStudent.id as string;
  };
  const s1 = await student('张晓明', A, A1); // the teacher's class
  const s2 = await student('李小红', A, A2); // paired with the teacher
  const s3 = await student('王小刚', K, K1); // the attached kindergarten
  const s4 = await student('赵大伟', B, B1); // another school
  for (const s of [s1, s2, s3, s4]) {
    await ok('mutation ($s: ID!) { createGuardian(studentId: $s, name: "张大山", relation: FATHER, phone: "13812345678") { id } }', { s });
  }
  await ok('mutation ($h: [ID!], $s: [ID!]) { createPairing(mode: ONE_TO_ONE, helperIds: $h, studentIds: $s, startDate: "2024-09-01") { id } }', { h: [teacherStaff], s: [s2] });

  const users: Record<string, string> = {};
  const conn = app.orm.em.getConnection();
  const hash = hashPassword(FIXTURE_PASSWORD);
  for (const [role, schoolId, staffId] of [
    ['AID_OFFICER', null, null], ['SCHOOL_ADMIN', A, null], ['TEACHER', A, teacherStaff], ['ANALYST', null, null], ['INTEGRATION', null, null],
  ] as const) {
    const name = `${role.toLowerCase()}_${randomUUID().slice(0, 6)}`;
    const now = new Date();
    await conn.execute(
      'insert into "user" (id, version, created_at, updated_at, bureau_id, username, password_hash, role, school_id, staff_id, active) values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, true)',
      [randomUUID(), now, now, bureauId, name, hash, role, schoolId, staffId],
    );
    users[role] = await app.login(name, FIXTURE_PASSWORD);
  }
  users.BUREAU_ADMIN = adminToken;
  const teacherUserId = (await app.ok('{ me { id } }', {}, users.TEACHER)).me.id as string;
  // Two aid items for s1: one recorded by the teacher's account, one by the admin.
  const itemByAdmin = (await ok('mutation ($s: ID!) { createAssistanceItem(studentId: $s, category: CONSOLATION_CASH, cashFen: 50000, date: "2025-01-20", fundingSource: PUBLIC_FUNDS) { id } }', { s: s1 })).createAssistanceItem.id;
  const itemByTeacher = randomUUID();
  await conn.execute(
    `insert into assistance_item (id, version, created_at, updated_at, bureau_id, student_id, school_id, category, cash_fen, funding_source, date, school_year, semester, recorded_by_id)
     values (?, 1, now(), now(), ?, ?, ?, 'CONSOLATION_CASH', 30000, 'PUBLIC_FUNDS', '2025-01-21', '2024-2025', 'FIRST', ?)`,
    [itemByTeacher, bureauId, s1, A, teacherUserId],
  );
  return { bureauId, schools: { A, K, B }, classes: { A1, A2, K1, B1 }, students: { s1, s2, s3, s4 }, staff: { teacherStaff, otherStaff }, users, items: { itemByAdmin, itemByTeacher } };
}

export type County = Awaited<ReturnType<typeof createCounty>>;

/**
 * The real server with the small county above, started before a test file's tests and closed
 * after them: `const t = useCounty();`, then `t.app` and `t.county` inside the tests.
 */
export function useCounty(): { readonly app: TestApp; readonly county: County } {
  const t = {} as { app: TestApp; county: County };
  beforeAll(async () => {
    t.app = await startTestApp();
    t.county = await createCounty(t.app);
  });
  afterAll(() => t.app.close());
  return t;
}
