import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { newIdNumber } from '../support/ids';

// Bad input is refused with BAD_USER_INPUT (or CONFLICT) naming the field, nothing is written,
// and no SQL or stack trace reaches the client.
let app: TestApp;
let token: string;
let schoolId: string;

const gql = (q: string, v?: Record<string, unknown>) => app.gql(q, v, token);
const students = async () => (await app.sql('select count(*)::int as n from student'))[0].n as number;
const CREATE = `mutation ($name: String!, $gender: Gender!, $birthDate: LocalDate!, $idNumber: String, $studentNumber: String, $schoolId: ID, $phone: String) {
  createStudent(name: $name, gender: $gender, birthDate: $birthDate, idNumber: $idNumber, studentNumber: $studentNumber, schoolId: $schoolId, note: $phone) { id version } }`;

function expectNoLeak(res: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) {
  const text = JSON.stringify(res.errors);
  expect(text).not.toMatch(/insert into|select |violates|constraint|stacktrace|at \w+ \(/i);
}

beforeAll(async () => {
  app = await startTestApp();
  const b = await createBureau(app.orm);
  token = await app.login(b.username, FIXTURE_PASSWORD);
  schoolId = (await app.ok('mutation { createSchool(name: "城关中心小学", code: "1001", kind: PRIMARY) { id } }', {}, token)).createSchool.id;
});
afterAll(() => app.close());

describe('validation', () => {
  it('refuses a 身份证号 with a wrong check digit, naming idNumber, and writes nothing', async () => {
    const good = newIdNumber('2014-05-20', 'MALE');
    const bad = good.idNumber.slice(0, 17) + (good.idNumber[17] === '0' ? '1' : '0');
    const res = await gql(CREATE, { name: '张三', gender: 'MALE', birthDate: good.birthDate, idNumber: bad });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber', rule: 'ID_NUMBER_CHECK_DIGIT' });
    expect(res.data?.createStudent ?? null).toBeNull();
    expect(await students()).toBe(0);
    expectNoLeak(res);
  });

  it('refuses a birth date or gender that disagrees with the 身份证号', async () => {
    const id = newIdNumber('2014-05-20', 'MALE');
    const res = await gql(CREATE, { name: '张三', gender: 'FEMALE', birthDate: '2014-05-21', idNumber: id.idNumber });
    const problems = res.errors?.[0].extensions?.problems as Array<{ field: string; rule: string }>;
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['birthDate', 'ID_NUMBER_BIRTH_DATE_MISMATCH'],
      ['gender', 'ID_NUMBER_GENDER_MISMATCH'],
    ]);
    expect(await students()).toBe(0);
  });

  it('refuses a 学籍号 of the wrong form or not matching the 身份证号', async () => {
    const id = newIdNumber();
    const form = await gql(CREATE, { ...id, name: '张三', studentNumber: 'X123' });
    expect(form.errors?.[0].extensions).toMatchObject({ field: 'studentNumber', rule: 'STUDENT_NUMBER_FORMAT' });
    const other = newIdNumber();
    const mismatch = await gql(CREATE, { ...id, name: '张三', studentNumber: `G${other.idNumber}` });
    expect(mismatch.errors?.[0].extensions).toMatchObject({ field: 'studentNumber', rule: 'STUDENT_NUMBER_ID_MISMATCH' });
    expect(await students()).toBe(0);
  });

  it('refuses a bad enum value, naming the field, as a variable and as a literal', async () => {
    const asVariable = await gql(CREATE, { ...newIdNumber(), name: '张三', gender: 'UNKNOWN' });
    expect(asVariable.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gender' });
    const asLiteral = await gql('mutation { createStudent(name: "张三", gender: UNKNOWN, birthDate: "2014-05-20") { id } }');
    expect(asLiteral.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gender' });
    const inFilter = await gql('query ($f: StudentFilter) { allStudents(filter: $f) { id } }', { f: { gender: 'X' } });
    expect(inFilter.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gender' });
    expect(await students()).toBe(0);
  });

  it('refuses a missing required field, naming it', async () => {
    const literal = await gql('mutation { createStudent(gender: MALE, birthDate: "2014-05-20") { id } }');
    expect(literal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const variable = await gql(CREATE, { gender: 'MALE', birthDate: '2014-05-20' });
    expect(variable.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const blank = await gql(CREATE, { name: '   ', gender: 'MALE', birthDate: '2014-05-20' });
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'REQUIRED' });
    const nulled = await gql('mutation ($id: ID!) { updateSchool(id: $id, version: 1, name: null) { id } }', { id: schoolId });
    expect(nulled.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'REQUIRED' });
    expect(await students()).toBe(0);
  });

  it('refuses an unknown or malformed reference id, naming the field', async () => {
    const unknown = await gql(CREATE, { ...newIdNumber(), name: '张三', schoolId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolId', rule: 'REFERENCE_NOT_FOUND' });
    const malformed = await gql(CREATE, { ...newIdNumber(), name: '张三', schoolId: 'school-1' });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolId' });
    expect(await students()).toBe(0);
  });

  it('refuses a phone number, a region code and a value the server owns', async () => {
    const phone = await gql('mutation ($s: ID!) { createStaffMember(name: "李四", schoolId: $s, position: TEACHER, phone: "12345") { id } }', { s: schoolId });
    expect(phone.errors?.[0].extensions).toMatchObject({ field: 'phone', rule: 'PHONE_FORMAT' });
    const region = await gql('mutation { createRegion(code: "61052610", name: "某镇", level: TOWN) { id } }');
    expect(region.errors?.[0].extensions).toMatchObject({ field: 'code', rule: 'REGION_CODE_FORMAT' });
    const level = await gql('mutation { createRegion(code: "610526100", name: "某镇", level: VILLAGE) { id } }');
    expect(level.errors?.[0].extensions).toMatchObject({ field: 'level', rule: 'REGION_CODE_LEVEL' });
    expect((await app.sql('select count(*)::int as n from region'))[0].n).toBe(0);
  });

  it('answers CONFLICT naming the field for a duplicate 身份证号, without leaking the SQL', async () => {
    const id = newIdNumber();
    const first = await gql(CREATE, { ...id, name: '张三' });
    expect(first.errors).toBeUndefined();
    const dup = await gql(CREATE, { ...id, name: '张三' });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idNumber', rule: 'UNIQUE' });
    expectNoLeak(dup);
    expect(await students()).toBe(1);
  });

  it('checks that a class belongs to the student\'s school when only the school changes', async () => {
    const other = (await app.ok('mutation { createSchool(name: "龙阳中心小学", code: "1002", kind: PRIMARY) { id } }', {}, token)).createSchool.id;
    const cls = (await app.ok('mutation ($s: ID!) { createSchoolClass(schoolId: $s, grade: 2, name: "二年级（1）班", schoolYear: "2024-2025") { id } }', { s: schoolId }, token)).createSchoolClass.id;
    const id = newIdNumber();
    const created = await app.ok('mutation ($s: ID, $c: ID, $id: String, $b: LocalDate!) { createStudent(name: "赵六", gender: MALE, birthDate: $b, idNumber: $id, schoolId: $s, classId: $c) { id } }', { s: schoolId, c: cls, id: id.idNumber, b: id.birthDate }, token);
    const moved = await gql('mutation ($id: ID!, $s: ID) { updateStudent(id: $id, version: 1, schoolId: $s) { id } }', { id: created.createStudent.id, s: other });
    expect(moved.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'classId', rule: 'CLASS_NOT_IN_SCHOOL' });
    const row = await app.sql('select school_id from student where id = ?', [created.createStudent.id]);
    expect(row[0].school_id).toBe(schoolId);
  });

  it('refuses an update with a stale version and keeps the first editor\'s change', async () => {
    const id = newIdNumber();
    const created = (await app.ok(CREATE, { ...id, name: '李明' }, token)).createStudent;
    expect(created.version).toBe(1);
    const first = await gql('mutation ($id: ID!) { updateStudent(id: $id, version: 1, address: "第一位编辑") { version } }', { id: created.id });
    expect(first.data?.updateStudent.version).toBe(2);
    const second = await gql('mutation ($id: ID!) { updateStudent(id: $id, version: 1, address: "第二位编辑") { version } }', { id: created.id });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'STALE_VERSION' });
    const row = await app.sql('select address, version from student where id = ?', [created.id]);
    expect(row[0]).toEqual({ address: '第一位编辑', version: 2 });
  });
});
