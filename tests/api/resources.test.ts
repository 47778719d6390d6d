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
});
