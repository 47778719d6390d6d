import { useCounty } from '../support/county';
import { newIdNumber } from '../support/ids';

// A dropout case opens its child to the staff of the case's school and to the teacher who reported
// it, for reading (name, guardians, address), after the child left the roster or never enrolled:
// whom a school must persuade back (issue 17, item 4). Not beyond: another school reads nothing,
// and nothing of the child is writable through the grant.

const t = useCounty();
const as = (role: string) => (q: string, v?: Record<string, unknown>) => t.app.gql(q, v, t.county.users[role]);
const admin = (q: string, v?: Record<string, unknown>) => t.app.ok(q, v, t.county.users.BUREAU_ADMIN);

const CASE = `query ($id: ID!) { DropoutCase(id: $id) { id student { id name address idNumber guardians { name phone } } } }`;
const STUDENT = `query ($id: ID!) { Student(id: $id) { id name address guardians { name } } }`;

/** A child of school age who is on no school's roster, with a guardian. */
async function outOfSchoolChild(name: string): Promise<string> {
  const id = newIdNumber('2012-06-01', 'FEMALE');
  const child = (await admin(
    `mutation ($n: String!, $b: LocalDate!, $id: String) { createStudent(name: $n, gender: FEMALE, birthDate: $b, idNumber: $id, address: "龙池镇西村5组", schoolingStatus: DROPOUT_AVERSION) { id } }`,
    { n: name, b: id.birthDate, id: id.idNumber },
  )).createStudent.id as string;
  await admin('mutation ($s: ID!) { createGuardian(studentId: $s, name: "刘大军", relation: FATHER, phone: "13700001111") { id } }', { s: child });
  return child;
}

const openCase = async (student: string, school: string, reporter: string) =>
  (await admin('mutation ($s: ID!, $sc: ID!, $r: ID!) { createDropoutCase(studentId: $s, schoolId: $sc, reporterId: $r, discoveredOn: "2024-10-12") { id } }', { s: student, sc: school, r: reporter }))
    .createDropoutCase.id as string;

let child: string;
let theirs: string;
let caseA: string;
let caseB: string;

beforeAll(async () => {
  const { schools, staff } = t.county;
  child = await outOfSchoolChild('刘小芳');
  theirs = await outOfSchoolChild('陈小娟');
  // School A's case, reported by the teacher; another school's case, reported by her colleague.
  caseA = await openCase(child, schools.A, staff.teacherStaff);
  caseB = await openCase(theirs, schools.B, staff.otherStaff);
});

describe("a dropout case's child", () => {
  it("is read by the case's school: name, address and guardians, the 身份证号 as the role reads it", async () => {
    const res = await as('SCHOOL_ADMIN')(CASE, { id: caseA });
    expect(res.errors).toBeUndefined();
    expect(res.data.DropoutCase.student).toMatchObject({ id: child, name: '刘小芳', address: '龙池镇西村5组', guardians: [{ name: '刘大军', phone: '13700001111' }] });
    expect(res.data.DropoutCase.student.idNumber).toMatch(/^\d{17}[\dX]$/);
    const direct = await as('SCHOOL_ADMIN')(STUDENT, { id: child });
    expect(direct.data.Student).toMatchObject({ name: '刘小芳', guardians: [{ name: '刘大军' }] });
  });

  it('is read by the teacher who reported the case, with her case, the 身份证号 masked', async () => {
    const res = await as('TEACHER')(CASE, { id: caseA });
    expect(res.errors).toBeUndefined();
    expect(res.data.DropoutCase.student).toMatchObject({ id: child, name: '刘小芳', guardians: [{ name: '刘大军' }] });
    expect(res.data.DropoutCase.student.idNumber).toMatch(/\*{6}/);
  });

  it("is not read by another school's staff, nor by a teacher who did not report the case", async () => {
    // The principal of A and the teacher reach neither school B's case nor its child.
    for (const role of ['SCHOOL_ADMIN', 'TEACHER']) {
      const res = await as(role)(CASE, { id: caseB });
      expect(res.data?.DropoutCase ?? null).toBeNull();
      expect((await as(role)(STUDENT, { id: theirs })).data?.Student ?? null).toBeNull();
      const guardians = await as(role)('query ($s: ID!) { allGuardians(filter: { studentId: $s }) { id } }', { s: theirs });
      expect(guardians.data.allGuardians).toEqual([]);
    }
    // Before the grant widened anything, the bureau admin still reads both.
    expect((await t.app.gql(CASE, { id: caseB }, t.county.users.BUREAU_ADMIN)).data.DropoutCase.student.name).toBe('陈小娟');
  });

  it("opens nothing else about the child: another school's aid for her stays unseen", async () => {
    await admin('mutation ($s: ID!, $sc: ID!) { createAssistanceItem(studentId: $s, schoolId: $sc, category: CONSOLATION_CASH, cashFen: 20000, date: "2025-01-20", fundingSource: PUBLIC_FUNDS) { id } }', {
      s: child,
      sc: t.county.schools.B,
    });
    const res = await as('SCHOOL_ADMIN')('query ($s: ID!) { allAssistanceItems(filter: { studentId: $s }) { id } }', { s: child });
    expect(res.data.allAssistanceItems).toEqual([]);
  });

  it('is read only: the school can neither change nor delete her record, nor add to her guardians', async () => {
    const principal = as('SCHOOL_ADMIN');
    const update = await principal('mutation ($id: ID!) { updateStudent(id: $id, version: 1, address: "改过的地址") { id } }', { id: child });
    expect(update.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const remove = await principal('mutation ($id: ID!) { deleteStudent(id: $id) { id } }', { id: child });
    expect(remove.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const guardian = await principal('mutation ($s: ID!) { createGuardian(studentId: $s, name: "刘二军", relation: RELATIVE, phone: "13700002222") { id } }', { s: child });
    expect(guardian.errors?.[0].extensions?.code).toMatch(/NOT_FOUND|FORBIDDEN|BAD_USER_INPUT/);
    expect(guardian.errors?.[0].extensions?.field).toBe('studentId');
    // Nor in a batch, as an import of guardians would: the batch checks references as one write does.
    const guardians = await principal('mutation ($d: [GuardianInput!]!) { r: createManyGuardians(data: $d, mode: VALID_ONLY) { created rows { status field rule } } }', {
      d: [{ studentId: child, name: '刘二军', relation: 'RELATIVE', phone: '13700002222' }],
    });
    expect(guardians.data.r).toMatchObject({ created: 0, rows: [{ status: 'ERROR', field: 'studentId', rule: 'REFERENCE_NOT_FOUND' }] });
    // Matched by her 身份证号 in an upsert, as an import would: not hers to write.
    const [row] = await t.app.sql('select name, gender, birth_date::text as "birthDate", id_number as "idNumber" from student where id = ?', [child]);
    const bulk = await principal('mutation ($d: [StudentInput!]!) { r: upsertManyStudents(data: $d, mode: VALID_ONLY) { updated rows { status code } } }', {
      d: [{ ...row, schoolId: t.county.schools.A, address: '改过的地址' }],
    });
    expect(bulk.data.r).toMatchObject({ updated: 0, rows: [{ status: 'ERROR' }] });
    const rows = await t.app.sql('select address from student where id = ?', [child]);
    expect(rows[0].address).toBe('龙池镇西村5组');
    expect(await t.app.sql('select count(*)::int as n from guardian where student_id = ?', [child])).toEqual([{ n: 1 }]);
  });

  it('ends with the case: once closed, the school reads the child no more', async () => {
    await admin('mutation ($id: ID!) { verifyDropoutCase(id: $id) { status } }', { id: caseA });
    await admin('mutation ($id: ID!) { closeDropoutCase(id: $id, nonDropoutCategory: SEVERE_ILLNESS, evidenceNote: "医院诊断证明存于档案室") { status } }', { id: caseA });
    expect((await as('SCHOOL_ADMIN')(STUDENT, { id: child })).data?.Student ?? null).toBeNull();
    expect((await as('TEACHER')(STUDENT, { id: child })).data?.Student ?? null).toBeNull();
    // The closed case itself stays the school's, its child no longer shown.
    const res = await as('SCHOOL_ADMIN')(CASE, { id: caseA });
    expect(res.data.DropoutCase).toMatchObject({ id: caseA, student: null });
  });
});

