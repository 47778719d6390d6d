import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { newIdNumber } from '../support/ids';

let app: TestApp;
let token: string;
let otherToken: string;
const ids: Record<string, string> = {};

const gql = (q: string, v?: Record<string, unknown>) => app.gql(q, v, token);
const ok = (q: string, v?: Record<string, unknown>) => app.ok(q, v, token);
const count = async (table: string) => (await app.sql(`select count(*)::int as n from "${table}"`))[0].n as number;

beforeAll(async () => {
  app = await startTestApp();
  const main = await createBureau(app.orm, '蒲城县教育局');
  const other = await createBureau(app.orm, '白水县教育局');
  token = await app.login(main.username, FIXTURE_PASSWORD);
  otherToken = await app.login(other.username, FIXTURE_PASSWORD);
});
afterAll(() => app.close());

describe('CRUD of every resource through GraphQL', () => {
  it('creates, reads, lists, updates and deletes regions, schools, classes, staff, users, students and guardians', async () => {
    const county = await ok('mutation { createRegion(code: "610526", name: "蒲城县", level: COUNTY) { id code level parentId } }');
    ids.county = county.createRegion.id;
    const town = await ok('mutation ($p: ID) { createRegion(code: "610526100", name: "城关街道", level: TOWN, parentId: $p) { id parentId parent { name } } }', { p: ids.county });
    expect(town.createRegion.parent).toEqual({ name: '蒲城县' });
    ids.town = town.createRegion.id;

    const school = await ok('mutation ($t: ID) { createSchool(name: "城关中心小学", code: "2161052601", kind: PRIMARY, townId: $t) { id townId } }', { t: ids.town });
    ids.school = school.createSchool.id;
    const kg = await ok('mutation ($p: ID) { createSchool(name: "城关中心幼儿园", code: "2161052602", kind: KINDERGARTEN, parentSchoolId: $p) { id parentSchool { name } } }', { p: ids.school });
    expect(kg.createSchool.parentSchool.name).toBe('城关中心小学');
    ids.kindergarten = kg.createSchool.id;

    const staff = await ok('mutation ($s: ID!) { createStaffMember(name: "李老师", schoolId: $s, position: HEAD_TEACHER, phone: "13912345678") { id active } }', { s: ids.school });
    expect(staff.createStaffMember.active).toBe(true); // default applied
    ids.staff = staff.createStaffMember.id;
    const cls = await ok('mutation ($s: ID!, $h: ID) { createSchoolClass(schoolId: $s, grade: 3, name: "三年级（1）班", headTeacherId: $h, schoolYear: "2024-2025") { id headTeacher { name } } }', { s: ids.school, h: ids.staff });
    expect(cls.createSchoolClass.headTeacher.name).toBe('李老师');
    ids.class = cls.createSchoolClass.id;

    const user = await ok('mutation ($s: ID) { createUser(username: "li.teacher", password: "long-enough-1", role: TEACHER, schoolId: $s) { id username role } }', { s: ids.school });
    expect(user.createUser).toMatchObject({ username: 'li.teacher', role: 'TEACHER' });
    expect(await app.login('li.teacher', 'long-enough-1')).toEqual(expect.any(String));
    const hash = await app.sql('select password_hash from "user" where username = ?', ['li.teacher']);
    expect(hash[0].password_hash).toMatch(/^scrypt\$/); // never the plain password

    const id = newIdNumber('2015-03-08', 'FEMALE');
    const student = await ok(
      `mutation ($s: ID, $c: ID, $v: ID, $id: String, $sn: String, $b: LocalDate!) {
        createStudent(name: "王小红", gender: FEMALE, birthDate: $b, idNumber: $id, studentNumber: $sn, schoolId: $s, classId: $c,
          householdVillageId: $v, focusCategories: [{ category: LEFT_BEHIND, since: "2023-09-01", source: "学校摸排" }]) {
          id name schoolingStatus focusCategories { category since source } school { name } class { name } version
        } }`,
      { s: ids.school, c: ids.class, v: ids.town, id: id.idNumber, sn: `G${id.idNumber}`, b: id.birthDate },
    );
    expect(student.createStudent).toMatchObject({
      name: '王小红',
      schoolingStatus: 'IN_COUNTY',
      focusCategories: [{ category: 'LEFT_BEHIND', since: '2023-09-01', source: '学校摸排' }],
      school: { name: '城关中心小学' },
      class: { name: '三年级（1）班' },
      version: 1,
    });
    ids.student = student.createStudent.id;

    const guardian = await ok('mutation ($s: ID!) { createGuardian(studentId: $s, name: "王大山", relation: FATHER, phone: "13800001111", worksAway: true) { id student { name } livesWithStudent } }', { s: ids.student });
    expect(guardian.createGuardian).toMatchObject({ student: { name: '王小红' }, livesWithStudent: true });
    ids.guardian = guardian.createGuardian.id;

    const updated = await ok('mutation ($id: ID!) { updateStudent(id: $id, version: 1, address: "城关街道东街3号", focusCategories: []) { address focusCategories { category } version } }', { id: ids.student });
    expect(updated.updateStudent).toEqual({ address: '城关街道东街3号', focusCategories: [], version: 2 });
    const one = await ok('query ($id: ID!) { Student(id: $id) { id address guardians { name phone } } }', { id: ids.student });
    expect(one.Student.guardians).toEqual([{ name: '王大山', phone: '13800001111' }]);

    const bureau = await ok('{ allBureaus { id name version schools { name } } }');
    expect(bureau.allBureaus).toHaveLength(1); // only the viewer's own
    expect(bureau.allBureaus[0].schools.map((s: { name: string }) => s.name).sort()).toEqual(['城关中心小学', '城关中心幼儿园']);
    const renamed = await ok('mutation ($id: ID!, $v: Int!) { updateBureau(id: $id, version: $v, name: "蒲城县教育局（新）") { name } }', { id: bureau.allBureaus[0].id, v: bureau.allBureaus[0].version });
    expect(renamed.updateBureau.name).toBe('蒲城县教育局（新）');

    // Deleting a student takes its guardians with it; a school still referenced is refused.
    const refused = await gql('mutation ($id: ID!) { deleteSchool(id: $id) { id } }', { id: ids.school });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'STILL_REFERENCED' });
    expect(await count('school')).toBe(2);
    const deleted = await ok('mutation ($id: ID!) { deleteGuardian(id: $id) { id name } }', { id: ids.guardian });
    expect(deleted.deleteGuardian.name).toBe('王大山');
    expect(await count('guardian')).toBe(0);
  });

  it('keeps each bureau to its own rows, by list, by id and by reference', async () => {
    const list = await app.ok('{ allSchools { id } _allSchoolsMeta { count } }', {}, otherToken);
    expect(list.allSchools).toEqual([]);
    expect(list._allSchoolsMeta.count).toBe(0);
    const byId = await app.gql('query ($id: ID!) { School(id: $id) { id } }', { id: ids.school }, otherToken);
    expect(byId.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const upd = await app.gql('mutation ($id: ID!) { updateSchool(id: $id, version: 1, name: "x") { id } }', { id: ids.school }, otherToken);
    expect(upd.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const ref = await app.gql('mutation ($s: ID!) { createStaffMember(name: "张三", schoolId: $s, position: TEACHER) { id } }', { s: ids.school }, otherToken);
    expect(ref.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolId', rule: 'REFERENCE_NOT_FOUND' });
  });

  it('offers no create or delete of the tenant itself', async () => {
    const res = await gql('mutation { createBureau(name: "x") { id } }');
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const mutations = await ok('{ __type(name: "Mutation") { fields { name } } }');
    const names = mutations.__type.fields.map((f: { name: string }) => f.name);
    expect(names).toEqual(expect.arrayContaining(['updateBureau', 'createSchool', 'deleteSchools']));
    expect(names).not.toEqual(expect.arrayContaining(['createBureau']));
    expect(names).not.toEqual(expect.arrayContaining(['deleteBureau']));
  });
});
