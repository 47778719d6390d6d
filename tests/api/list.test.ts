import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { newIdNumber } from '../support/ids';

// A small roster with known facts; every filter operator, sorting, paging and counting is checked
// against expectations written out by hand.
let app: TestApp;
let token: string;
const school: Record<string, string> = {};
const student: Record<string, string> = {};

const ok = (q: string, v?: Record<string, unknown>) => app.ok(q, v, token);
const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name);
// Compared as sets: name order depends on the server's collation.
const list = async (filter: Record<string, unknown>, extra = 'sortField: "name"') =>
  names((await ok(`query ($f: StudentFilter) { allStudents(filter: $f, ${extra}) { name } }`, { f: filter })).allStudents).sort();

const ROSTER = [
  { name: '安娜', birthDate: '2012-01-15', gender: 'FEMALE', school: 'A', focus: ['LEFT_BEHIND', 'ORPHAN'], status: 'IN_COUNTY' },
  { name: '白杨', birthDate: '2013-06-30', gender: 'MALE', school: 'A', focus: ['LEFT_BEHIND'], status: 'IN_COUNTY' },
  { name: '陈晨', birthDate: '2014-02-01', gender: 'MALE', school: 'A', focus: [], status: 'IN_COUNTY' },
  { name: '丁一', birthDate: '2015-09-10', gender: 'FEMALE', school: 'B', focus: ['DISABLED'], status: 'IN_COUNTY' },
  { name: '方芳', birthDate: '2016-12-31', gender: 'FEMALE', school: 'B', focus: ['LOW_INCOME'], status: 'IN_COUNTY' },
  { name: '高飞', birthDate: '2011-03-03', gender: 'MALE', school: null, focus: [], status: 'OUT_OF_COUNTY' },
  { name: '胡杨', birthDate: '2010-07-07', gender: 'MALE', school: null, focus: ['DROPOUT_RISK'], status: 'DROPOUT_AVERSION' },
];

beforeAll(async () => {
  app = await startTestApp();
  const b = await createBureau(app.orm);
  token = await app.login(b.username, FIXTURE_PASSWORD);
  for (const [key, name, code] of [['A', '城关中心小学', '1001'], ['B', '龙阳中心小学', '1002']]) {
    school[key] = (await ok('mutation ($n: String!, $c: String!) { createSchool(name: $n, code: $c, kind: PRIMARY) { id } }', { n: name, c: code })).createSchool.id;
  }
  for (const s of ROSTER) {
    const id = newIdNumber(s.birthDate, s.gender as 'MALE' | 'FEMALE');
    const res = await ok(
      `mutation ($n: String!, $g: Gender!, $b: LocalDate!, $id: String, $s: ID, $st: SchoolingStatus, $f: [FocusCategoryEntryInput!]) {
        createStudent(name: $n, gender: $g, birthDate: $b, idNumber: $id, schoolId: $s, schoolingStatus: $st, focusCategories: $f) { id } }`,
      { n: s.name, g: s.gender, b: s.birthDate, id: id.idNumber, s: s.school && school[s.school], st: s.status, f: s.focus.map((category) => ({ category })) },
    );
    student[s.name] = res.createStudent.id;
  }
});
afterAll(() => app.close());

describe('list filters', () => {
  it('matches equality, _neq and enum _in', async () => {
    expect(await list({ gender: 'FEMALE' })).toEqual(['丁一', '安娜', '方芳'].sort());
    expect(await list({ gender_neq: 'FEMALE' })).toEqual(['白杨', '陈晨', '高飞', '胡杨'].sort());
    expect(await list({ schoolingStatus_in: ['OUT_OF_COUNTY', 'DROPOUT_AVERSION'] })).toEqual(['胡杨', '高飞'].sort());
  });

  it('compares dates with _lt, _lte, _gt and _gte', async () => {
    expect(await list({ birthDate_lt: '2012-01-15' })).toEqual(['胡杨', '高飞'].sort());
    expect(await list({ birthDate_lte: '2012-01-15' })).toEqual(['安娜', '胡杨', '高飞'].sort());
    expect(await list({ birthDate_gt: '2015-09-10' })).toEqual(['方芳']);
    expect(await list({ birthDate_gte: '2015-09-10', birthDate_lt: '2016-01-01' })).toEqual(['丁一']);
  });

  it('filters by reference id, including children not enrolled anywhere', async () => {
    expect(await list({ schoolId: school.B })).toEqual(['丁一', '方芳'].sort());
    expect(await list({ schoolId: null })).toEqual(['胡杨', '高飞'].sort());
  });

  it('finds students having any of the given focus categories', async () => {
    expect(await list({ focusCategories: ['ORPHAN'] })).toEqual(['安娜']);
    expect(await list({ focusCategories: ['LEFT_BEHIND', 'DISABLED'] })).toEqual(['丁一', '安娜', '白杨'].sort());
  });

  it('searches names and numbers with q, and looks records up by ids', async () => {
    expect(await list({ q: '杨' })).toEqual(['白杨', '胡杨'].sort());
    const idNumber = (await ok('query ($id: ID!) { Student(id: $id) { idNumber } }', { id: student['陈晨'] })).Student.idNumber;
    expect(await list({ q: idNumber.slice(-6) })).toEqual(['陈晨']);
    expect(await list({ q: '%' })).toEqual([]); // wildcards are literal
    expect(await list({ ids: [student['安娜'], student['方芳']] })).toEqual(['安娜', '方芳'].sort());
  });

  it('searches a class by its school name', async () => {
    await ok('mutation ($s: ID!) { createSchoolClass(schoolId: $s, grade: 1, name: "一年级（1）班", schoolYear: "2024-2025") { id } }', { s: school.B });
    const res = await ok('{ allSchoolClasses(filter: { q: "龙阳" }) { name school { name } } }');
    expect(res.allSchoolClasses).toEqual([{ name: '一年级（1）班', school: { name: '龙阳中心小学' } }]);
  });
});

describe('sorting, paging and counts', () => {
  it('sorts by any scalar column in both directions', async () => {
    const byBirth = await ok('{ allStudents(sortField: "birthDate", sortOrder: "DESC") { name } }');
    expect(names(byBirth.allStudents)).toEqual(['方芳', '丁一', '陈晨', '白杨', '安娜', '高飞', '胡杨']);
    const byBirthAsc = await ok('{ allStudents(sortField: "birthDate", sortOrder: "ASC") { name } }');
    expect(names(byBirthAsc.allStudents)).toEqual(['胡杨', '高飞', '安娜', '白杨', '陈晨', '丁一', '方芳']);
  });

  it('pages from 0 and counts the whole filtered set', async () => {
    const q = 'query ($p: Int) { allStudents(page: $p, perPage: 3, sortField: "birthDate") { name } _allStudentsMeta(filter: {}) { count } }';
    const pages = await Promise.all([0, 1, 2, 3].map((p) => ok(q, { p })));
    expect(pages.map((p) => names(p.allStudents))).toEqual([['胡杨', '高飞', '安娜'], ['白杨', '陈晨', '丁一'], ['方芳'], []]);
    expect(pages[0]._allStudentsMeta.count).toBe(7);
    const filtered = await ok('{ _allStudentsMeta(page: 0, perPage: 1, filter: { gender: MALE }) { count } }');
    expect(filtered._allStudentsMeta.count).toBe(4);
  });

  it('refuses an unknown sort field, a bad order and oversized pages, naming the argument', async () => {
    const bad = await app.gql('{ allStudents(sortField: "focusCategories") { id } }', {}, token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sortField' });
    const order = await app.gql('{ allStudents(sortOrder: "UP") { id } }', {}, token);
    expect(order.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sortOrder' });
    const big = await app.gql('{ allStudents(perPage: 5000) { id } }', {}, token);
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'perPage' });
    const badId = await app.gql('{ allStudents(filter: { ids: ["not-a-uuid"] }) { id } }', {}, token);
    expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });
});

describe('bulk mutations for the admin', () => {
  it('updates many rows at once and deletes many, all or nothing', async () => {
    const ids = [student['高飞'], student['胡杨']];
    const updated = await ok('mutation ($ids: [ID!]!) { updateStudents(ids: $ids, data: { note: "待核实" }) }', { ids });
    expect(updated.updateStudents).toEqual(ids);
    expect(await list({ q: '', schoolId: null }, 'sortField: "name"')).toEqual(['胡杨', '高飞'].sort());
    const notes = await app.sql('select note from student where id in (?, ?)', ids);
    expect(notes.map((r) => r.note)).toEqual(['待核实', '待核实']);

    const missing = await app.gql('mutation ($ids: [ID!]!) { deleteStudents(ids: $ids) }', { ids: [ids[0], '00000000-0000-4000-8000-000000000000'] }, token);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await app.sql('select count(*)::int as n from student'))[0].n).toBe(7);

    const deleted = await ok('mutation ($ids: [ID!]!) { deleteStudents(ids: $ids) }', { ids });
    expect(deleted.deleteStudents).toEqual(ids);
    expect((await app.sql('select count(*)::int as n from student'))[0].n).toBe(5);
  });

  it('refuses a bulk update that breaks a rule on any row, changing none', async () => {
    const ids = [student['安娜'], student['白杨']];
    const res = await app.gql('mutation ($ids: [ID!]!) { updateStudents(ids: $ids, data: { gender: FEMALE }) }', { ids }, token);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gender', rule: 'ID_NUMBER_GENDER_MISMATCH' });
    const rows = await app.sql('select name, gender from student where id in (?, ?) order by name', ids);
    expect(rows).toEqual([{ name: '安娜', gender: 'FEMALE' }, { name: '白杨', gender: 'MALE' }]);
  });
});
