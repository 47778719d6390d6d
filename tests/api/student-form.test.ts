import { startTestApp, type TestApp } from '../support/app';
import { createCounty, type County } from '../support/county';
import { newIdNumber } from '../support/ids';

// What the admin's student form relies on: a possible duplicate (same name, birth date and school
// in the creator's reach) asks for confirmation, and guardians are created with the student in
// one transaction.
let app: TestApp;
let c: County;

beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
});
afterAll(() => app.close());

const CREATE = `mutation ($n: String!, $b: LocalDate!, $s: ID, $confirm: Boolean, $g: [StudentGuardianInput!]) {
  createStudent(name: $n, gender: FEMALE, birthDate: $b, schoolId: $s, confirmDuplicate: $confirm, guardians: $g) { id name guardians { name relation phone } } }`;
const create = (token: string, v: Record<string, unknown>) => app.gql(CREATE, v, token);
const studentsNamed = async (name: string) => (await app.sql('select count(*)::int as n from student where name = ?', [name]))[0].n as number;

describe('a possible duplicate student', () => {
  it('is refused without confirmation, naming the rule, the field and the record it resembles', async () => {
    const admin = c.users.BUREAU_ADMIN;
    expect((await create(admin, { n: '周小雨', b: '2016-02-03', s: c.schools.A })).errors).toBeUndefined();
    const again = await create(admin, { n: '周小雨', b: '2016-02-03', s: c.schools.A });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'POSSIBLE_DUPLICATE', field: 'name', confirm: 'confirmDuplicate', duplicates: [expect.any(String)] });
    expect(again.errors?.[0].message).toBe('该校已有同名同出生日期的学生（周小雨，2016-02-03，城关中心小学），仍要新建吗？');
    expect(await studentsNamed('周小雨')).toBe(1);

    const confirmed = await create(admin, { n: '周小雨', b: '2016-02-03', s: c.schools.A, confirm: true });
    expect(confirmed.errors).toBeUndefined();
    expect(await studentsNamed('周小雨')).toBe(2);
  });

  it('is not asked about for another school, another birth date, or a record outside the creator’s reach', async () => {
    const admin = c.users.BUREAU_ADMIN;
    expect((await create(admin, { n: '吴小川', b: '2016-05-06', s: c.schools.A })).errors).toBeUndefined();
    expect((await create(admin, { n: '吴小川', b: '2016-05-06', s: c.schools.B })).errors).toBeUndefined();
    expect((await create(admin, { n: '吴小川', b: '2016-05-07', s: c.schools.A })).errors).toBeUndefined();
    // A child with no school is beyond a principal's reach: neither revealed nor asked about.
    expect((await create(admin, { n: '郑小山', b: '2016-07-08', s: null })).errors).toBeUndefined();
    const principal = await create(c.users.SCHOOL_ADMIN, { n: '郑小山', b: '2016-07-08', s: null });
    expect(principal.errors?.[0].extensions?.rule).not.toBe('POSSIBLE_DUPLICATE');
    expect(principal.errors?.[0].message).not.toContain('郑小山');
    // With no school on both, the bureau's clerk is asked.
    expect((await create(admin, { n: '郑小山', b: '2016-07-08', s: null })).errors?.[0].extensions?.rule).toBe('POSSIBLE_DUPLICATE');
  });

  it('declares the confirmation in the resources metadata, and bulk writes keep their own natural keys', async () => {
    const meta = await app.ok('{ resources { name confirmations { argument rule label } fields { name derive { from fact } } children { name nested } } }', {}, c.users.BUREAU_ADMIN);
    const student = meta.resources.find((r: { name: string }) => r.name === 'Student');
    expect(student.confirmations).toEqual([{ argument: 'confirmDuplicate', rule: 'POSSIBLE_DUPLICATE', label: '该校已有同名同出生日期的学生' }]);
    expect(student.fields.find((f: { name: string }) => f.name === 'gender').derive).toEqual({ from: 'idNumber', fact: 'ID_NUMBER_GENDER' });
    expect(student.fields.find((f: { name: string }) => f.name === 'birthDate').derive).toEqual({ from: 'idNumber', fact: 'ID_NUMBER_BIRTH_DATE' });
    expect(student.children).toEqual(expect.arrayContaining([{ name: 'guardians', nested: true }]));
    const bulk = await app.ok(
      `mutation ($s: ID) { createManyStudents(data: [{ name: "周小雨", gender: FEMALE, birthDate: "2016-02-03", schoolId: $s }]) { created failed } }`,
      { s: c.schools.A },
      c.users.BUREAU_ADMIN,
    );
    expect(bulk.createManyStudents).toEqual({ created: 1, failed: 0 });
  });
});

describe('guardians created inside the student form', () => {
  it('creates the student and its guardians in one mutation', async () => {
    const id = newIdNumber('2016-09-10', 'FEMALE');
    const res = await app.ok(
      `mutation ($id: String, $s: ID) { createStudent(name: "钱小月", gender: FEMALE, birthDate: "2016-09-10", idNumber: $id, schoolId: $s,
        guardians: [{ name: "钱大海", relation: FATHER, phone: "13811112222" }, { name: "孙春花", relation: MOTHER, phone: "13911113333", worksAway: true }]) {
        id guardians { name relation phone worksAway livesWithStudent } } }`,
      { id: id.idNumber, s: c.schools.A },
      c.users.SCHOOL_ADMIN,
    );
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...res.createStudent.guardians].sort(byName)).toEqual([
      { name: '钱大海', relation: 'FATHER', phone: '13811112222', worksAway: false, livesWithStudent: true },
      { name: '孙春花', relation: 'MOTHER', phone: '13911113333', worksAway: true, livesWithStudent: true },
    ].sort(byName));
    const audit = await app.sql("select count(*)::int as n from audit_event where record_id = ? and action = 'CREATE'", [res.createStudent.id]);
    expect(audit[0].n).toBe(1);
  });

  it('writes nothing when one guardian is bad, and names every bad field by its place', async () => {
    const guardiansBefore = (await app.sql('select count(*)::int as n from guardian'))[0].n;
    const res = await create(c.users.BUREAU_ADMIN, {
      n: '冯小溪', b: '2016-11-12', s: c.schools.A,
      g: [{ name: '冯大江', relation: 'FATHER', phone: '13822223333' }, { name: '', relation: 'MOTHER', phone: '12345' }],
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (res.errors?.[0].extensions?.problems as Array<{ field: string }>).map((p) => p.field).sort();
    expect(fields).toEqual(['guardians.1.name', 'guardians.1.phone']);
    expect(await studentsNamed('冯小溪')).toBe(0);
    expect((await app.sql('select count(*)::int as n from guardian'))[0].n).toBe(guardiansBefore);
  });

  it('lists the student’s own problems beside its guardians’', async () => {
    const res = await create(c.users.BUREAU_ADMIN, { n: '', b: '2016-11-12', s: c.schools.A, g: [{ name: '蒋大林', relation: 'FATHER', phone: 'x' }] });
    const fields = (res.errors?.[0].extensions?.problems as Array<{ field: string }>).map((p) => p.field).sort();
    expect(fields).toEqual(['guardians.0.phone', 'name']);
  });
});
