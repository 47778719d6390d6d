import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;
beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
});
afterAll(() => app.close());

describe('resources: the declarations the admin builds its screens from', () => {
  const Q = '{ resources { name label area display listQuery defaultSortField fields { name kind money target sensitive writable createOnly } children { name target inverse } } }';

  it('lists what the role may read, with areas, kinds, money and child lists', async () => {
    const teacher = (await app.ok(Q, {}, c.users.TEACHER)).resources;
    const byName = Object.fromEntries(teacher.map((r: { name: string }) => [r.name, r]));
    expect(byName.User).toBeUndefined();
    expect(byName.AuditEvent).toBeUndefined();
    expect(byName.Student).toMatchObject({ label: '学生', area: 'roster', display: 'name', listQuery: 'allStudents', defaultSortField: 'name' });
    expect(byName.Student.children).toEqual(expect.arrayContaining([
      { name: 'guardians', target: 'Guardian', inverse: 'studentId' },
      { name: 'visits', target: 'VisitRecord', inverse: 'studentId' },
      { name: 'assistanceItems', target: 'AssistanceItem', inverse: 'studentId' },
      { name: 'dropoutCases', target: 'DropoutCase', inverse: 'studentId' },
    ]));
    const field = (res: string, f: string) => byName[res].fields.find((x: { name: string }) => x.name === f);
    expect(field('AssistanceItem', 'cashFen')).toMatchObject({ kind: 'int', money: true, sensitive: 'AMOUNT' });
    expect(field('Student', 'schoolId')).toMatchObject({ kind: 'ref', target: 'School' });
    expect(field('Pairing', 'helperIds')).toMatchObject({ kind: 'refList', target: 'StaffMember' });
    expect(field('VisitRecord', 'status')).toMatchObject({ writable: true, createOnly: true });
    const admin = (await app.ok(Q, {}, c.users.BUREAU_ADMIN)).resources.map((r: { name: string }) => r.name);
    expect(admin).toEqual(expect.arrayContaining(['User', 'AuditEvent', 'ApiToken']));
  });

  it('serves the child lists declared by other areas, scoped', async () => {
    const s = await app.ok('query ($id: ID!) { Student(id: $id) { assistanceItems { cashFen } visits { id } dropoutCases { id } } }', { id: c.students.s1 }, c.users.BUREAU_ADMIN);
    expect(s.Student.assistanceItems.map((i: { cashFen: number }) => i.cashFen).sort()).toEqual([30000, 50000]);
  });

  it('declares subtitles that tell namesakes apart, only with fields the role reads in full', async () => {
    const Q2 = '{ resources { name subtitle { field year template } search searchLabel fields { name label kind technical } } }';
    const of = async (token: string) => Object.fromEntries((await app.ok(Q2, {}, token)).resources.map((r: { name: string }) => [r.name, r]));
    const admin = await of(c.users.BUREAU_ADMIN);
    expect(admin.Student.subtitle).toEqual([
      { field: 'schoolId', year: false, template: null },
      { field: 'classId', year: false, template: null },
      { field: 'birthDate', year: true, template: '{}年生' },
    ]);
    expect(admin.Campaign.subtitle.map((p: { field: string }) => p.field)).toEqual(['startDate', 'endDate']);
    expect(admin.StaffMember.subtitle.map((p: { field: string }) => p.field)).toContain('schoolId');
    // A teacher reads birth dates as year and month (the 身份证号 is masked): no birth year from her.
    const teacher = await of(c.users.TEACHER);
    expect(teacher.Student.subtitle.map((p: { field: string }) => p.field)).toEqual(['schoolId', 'classId']);
    // Her search covers the name, not the numbers she sees masked.
    expect(teacher.Student.search).toEqual(['name']);
    expect(teacher.Student.searchLabel).toBe('关键词（搜索姓名）');
    expect(admin.Student.search).toEqual(['name', 'studentNumber', 'idNumber']);
    // Ids and versions are technical; no reference is labelled as a number while it shows a name.
    expect(admin.Student.fields.filter((f: { technical: boolean }) => f.technical).map((f: { name: string }) => f.name)).toEqual(['id', 'version']);
    expect(admin.AuditEvent.fields.find((f: { name: string }) => f.name === 'requestId').technical).toBe(true);
    for (const r of Object.values(admin) as Array<{ name: string; fields: Array<{ name: string; label: string; kind: string }> }>) {
      for (const f of r.fields.filter((x) => x.kind === 'ref' || x.kind === 'refList')) expect(`${r.name}.${f.name}: ${f.label}`).not.toMatch(/编号$/);
    }
    const me = async (token: string) => (await app.ok('{ me { technicalInfo } }', {}, token)).me.technicalInfo;
    expect(await me(c.users.BUREAU_ADMIN)).toBe(true);
    expect(await me(c.users.TEACHER)).toBe(false);
  });

  it('searches a teacher\'s students by name, never by the 身份证号 she sees masked', async () => {
    const q = async (text: string) =>
      (await app.ok('query ($f: StudentFilter) { allStudents(filter: $f) { id name idNumber } }', { f: { q: text } }, c.users.TEACHER)).allStudents;
    const found = await q('晓明');
    expect(found.map((s: { id: string }) => s.id)).toEqual([c.students.s1]);
    expect(found[0].idNumber).toContain('*');
    const full = (await app.ok('query ($id: ID!) { Student(id: $id) { idNumber } }', { id: c.students.s1 }, c.users.BUREAU_ADMIN)).Student.idNumber;
    expect(full).toMatch(/^\d{17}[\dX]$/);
    expect(await q(full)).toEqual([]);
    expect(await q(full.slice(6, 14))).toEqual([]);
    // The admin reads the number in full and finds by it.
    const byAdmin = (await app.ok('query ($f: StudentFilter) { allStudents(filter: $f) { id } }', { f: { q: full } }, c.users.BUREAU_ADMIN)).allStudents;
    expect(byAdmin.map((s: { id: string }) => s.id)).toEqual([c.students.s1]);
  });
});
