import { readQueryLimits } from '../../packages/api/src/http/limits';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { newIdNumber } from '../support/ids';

// The role and field matrix of DESIGN.md, written out here by hand (not read from the policy
// table) and checked against what the HTTP API answers for each demo role.
let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;

beforeAll(async () => {
  // Whole-county nested lists (every school's students) cost more than a request may by default
  // (GRAPHQL_MAX_COST, tests/api/limits.test.ts); here they probe the access rules.
  app = await startTestApp({ server: { queryLimits: { ...readQueryLimits(), cost: 10_000_000 } } });
  c = await createCounty(app);
});
afterAll(() => app.close());

const ROLES = ['BUREAU_ADMIN', 'AID_OFFICER', 'SCHOOL_ADMIN', 'TEACHER', 'ANALYST', 'INTEGRATION'] as const;
type RoleName = (typeof ROLES)[number];
const as = (role: RoleName) => ({
  gql: (q: string, v?: Record<string, unknown>) => app.gql(q, v, c.users[role]),
  ok: (q: string, v?: Record<string, unknown>) => app.ok(q, v, c.users[role]),
});

describe('row scope: which students each role reaches', () => {
  // An API token reads no row per child at all.
  const expected: Record<RoleName, string[] | 'FORBIDDEN'> = {
    BUREAU_ADMIN: ['s1', 's2', 's3', 's4'],
    AID_OFFICER: ['s1', 's2', 's3', 's4'],
    SCHOOL_ADMIN: ['s1', 's2', 's3'], // school A and its kindergarten
    TEACHER: ['s1', 's2'], // the class they head, and the student paired with them
    ANALYST: ['s1', 's2', 's3', 's4'],
    INTEGRATION: 'FORBIDDEN',
  };
  it.each(ROLES)('%s', async (role) => {
    const names = Object.fromEntries(Object.entries(c.students).map(([k, v]) => [v, k]));
    const want = expected[role];
    if (want === 'FORBIDDEN') {
      for (const q of ['{ allStudents { id } }', '{ _allStudentsMeta { count } }', '{ allSchools { students { id } } allSchoolClasses { students { id } } }']) {
        const res = await as(role).gql(q);
        if (res.errors) expect(res.errors[0].extensions?.code).toBe('FORBIDDEN');
        else expect(JSON.stringify(res.data)).not.toMatch(/"students":\[\{/);
      }
      return;
    }
    const data = await as(role).ok('{ allStudents { id } _allStudentsMeta { count } }');
    expect(data.allStudents.map((s: { id: string }) => names[s.id]).sort()).toEqual(want);
    expect(data._allStudentsMeta.count).toBe(want.length);
  });
});

describe('field rules on a student and its guardian', () => {
  // full = the stored value, masked = the mask shown, null = not readable. s1 is moved to the 17th
  // of its month, so a birth date read by month differs from the stored one.
  const born = newIdNumber('2015-04-17', 'MALE');
  let id: string;
  beforeAll(async () => {
    id = c.students.s1;
    const { version } = (await as('BUREAU_ADMIN').ok('query ($id: ID!) { Student(id: $id) { version } }', { id })).Student;
    await as('BUREAU_ADMIN').ok(
      'mutation ($id: ID!, $v: Int!, $b: LocalDate, $n: String, $sn: String) { updateStudent(id: $id, version: $v, birthDate: $b, idNumber: $n, studentNumber: $sn) { id } }',
      { id, v: version, b: born.birthDate, n: born.idNumber, sn: `G${born.idNumber}` },
    );
  });
  const expected: Record<RoleName, { full: boolean; name: string | null; address: string | null; focus: boolean; phone: string | null } | 'FORBIDDEN'> = {
    BUREAU_ADMIN: { full: true, name: '张晓明', address: '城关街道东村3组', focus: true, phone: '13812345678' },
    AID_OFFICER: { full: true, name: '张晓明', address: '城关街道东村3组', focus: true, phone: '13812345678' },
    SCHOOL_ADMIN: { full: true, name: '张晓明', address: '城关街道东村3组', focus: true, phone: '13812345678' },
    TEACHER: { full: false, name: '张晓明', address: '城关街道东村3组', focus: true, phone: '13812345678' },
    ANALYST: { full: false, name: '张*明', address: '城关街道***', focus: true, phone: '138****5678' },
    INTEGRATION: 'FORBIDDEN',
  };
  it.each(ROLES)('%s', async (role) => {
    const full = born.idNumber;
    const res = await as(role).gql('query ($id: ID!) { Student(id: $id) { idNumber studentNumber birthDate name address focusCategories { category } } }', { id });
    const guardians = await as(role).gql('query ($s: ID!) { allGuardians(filter: { studentId: $s }) { phone } }', { s: id });
    const e = expected[role];
    if (e === 'FORBIDDEN') {
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(guardians.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      return;
    }
    expect(res.errors).toBeUndefined();
    const s = res.data.Student;
    // Masked: the 身份证号 and 学籍号 keep the birth year and month, the birth date its month.
    expect(s.idNumber).toBe(e.full ? full : '******201504******');
    expect(s.studentNumber).toBe(e.full ? `G${full}` : 'G******201504******');
    expect(s.birthDate).toBe(e.full ? '2015-04-17' : '2015-04-01');
    expect(s.name).toBe(e.name);
    expect(s.address).toBe(e.address);
    expect(s.focusCategories).toEqual(e.focus ? [{ category: 'REGISTERED_POOR' }] : null);
    expect(guardians.data.allGuardians).toEqual([{ phone: e.phone }]);
  });

  it('shows a teacher the amounts of the aid they recorded only', async () => {
    const items = await as('TEACHER').ok('query ($ids: [ID!]) { allAssistanceItems(filter: { ids: $ids }) { id cashFen } }', { ids: Object.values(c.items) });
    const byId = Object.fromEntries(items.allAssistanceItems.map((i: { id: string; cashFen: number | null }) => [i.id, i.cashFen]));
    expect(byId).toEqual({ [c.items.itemByTeacher]: 30000, [c.items.itemByAdmin]: null });
  });
});

describe('which resources each role may list', () => {
  const forbidden: Record<RoleName, string[]> = {
    BUREAU_ADMIN: [],
    AID_OFFICER: ['allUsers'],
    SCHOOL_ADMIN: ['allUsers'],
    TEACHER: ['allUsers', 'allEnrollmentChecks'],
    ANALYST: ['allUsers', 'allAttachments'],
    INTEGRATION: ['allUsers', 'allGuardians', 'allVisitRecords', 'allAssistanceItems', 'allDropoutCases', 'allStaffMembers', 'allPairings', 'allAttachments', 'allStudents', 'allEnrollmentChecks', 'allEnrollmentChanges'],
  };
  const lists = ['allUsers', 'allGuardians', 'allVisitRecords', 'allAssistanceItems', 'allDropoutCases', 'allStaffMembers', 'allPairings', 'allAttachments', 'allEnrollmentChecks', 'allEnrollmentChanges', 'allSchools', 'allStudents', 'allCampaigns'];
  it.each(ROLES)('%s', async (role) => {
    const refused: string[] = [];
    for (const list of lists) {
      const res = await as(role).gql(`{ ${list}(perPage: 1) { id } }`);
      if (res.errors?.[0].extensions?.code === 'FORBIDDEN') refused.push(list);
      else expect(res.errors).toBeUndefined();
    }
    expect(refused.sort()).toEqual([...forbidden[role]].sort());
  });
});

describe("a role's menu", () => {
  it("lists a teacher's day only, every readable resource for the others", async () => {
    const menuOf = async (role: RoleName) =>
      ((await as(role).gql('{ resources { name inMenu } }')).data.resources as Array<{ name: string; inMenu: boolean }>).filter((r) => r.inMenu).map((r) => r.name);
    expect((await menuOf('TEACHER')).sort()).toEqual(['CareCheck', 'DropoutCase', 'Pairing', 'ParentSuggestion', 'RosterEntry', 'Student', 'VisitRecord']);
    const principal = await menuOf('SCHOOL_ADMIN');
    expect(principal).toEqual(expect.arrayContaining(['School', 'StaffMember', 'AssistanceItem', 'NotificationChannel']));
  });
});

describe('a principal cannot reach another school', () => {
  const p = () => as('SCHOOL_ADMIN');
  it('by id, by filter, by ids, by count and through nested lists', async () => {
    expect((await p().gql('query ($id: ID!) { Student(id: $id) { id } }', { id: c.students.s4 })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await p().gql('query ($id: ID!) { School(id: $id) { id } }', { id: c.schools.B })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await p().ok('query ($s: ID) { allStudents(filter: { schoolId: $s }) { id } }', { s: c.schools.B })).allStudents).toEqual([]);
    expect((await p().ok('query ($ids: [ID!]) { allStudents(filter: { ids: $ids }) { id } }', { ids: [c.students.s4] })).allStudents).toEqual([]);
    expect((await p().ok('query ($s: ID) { _allStudentsMeta(filter: { schoolId: $s }) { count } }', { s: c.schools.B }))._allStudentsMeta.count).toBe(0);
    const nested = await p().ok('{ allBureaus { schools { name students { name guardians { phone } } } } allSchoolClasses { name students { name } } }');
    const schools = nested.allBureaus[0].schools.map((s: { name: string }) => s.name).sort();
    expect(schools).toEqual(['城关中心小学', '城关中心幼儿园']);
    const everyone = nested.allBureaus[0].schools.flatMap((s: { students: Array<{ name: string }> }) => s.students.map((x) => x.name));
    expect(everyone.sort()).toEqual(['张晓明', '李小红', '王小刚'].sort());
    expect(nested.allSchoolClasses.flatMap((k: { students: Array<{ name: string }> }) => k.students.map((x) => x.name))).not.toContain('赵大伟');
  });

  it('nor write into it, nor move a student out of reach', async () => {
    const into = await p().gql('mutation ($s: ID) { createStudent(name: "新生", gender: MALE, birthDate: "2016-01-01", schoolId: $s) { id } }', { s: c.schools.B });
    expect(into.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolId', rule: 'REFERENCE_NOT_FOUND' });
    const nowhere = await p().gql('mutation { createStudent(name: "新生", gender: MALE, birthDate: "2016-01-01") { id } }');
    expect(nowhere.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'OUT_OF_SCOPE' });
    const other = await p().gql('mutation ($id: ID!) { updateStudent(id: $id, version: 1, note: "x") { id } }', { id: c.students.s4 });
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const drop = await p().gql('mutation ($ids: [ID!]!) { deleteStudents(ids: $ids) }', { ids: [c.students.s1, c.students.s4] });
    expect(drop.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const count = await app.sql('select count(*)::int as n from student where school_id is null');
    expect(count[0].n).toBe(0);
    expect((await app.sql('select count(*)::int as n from student'))[0].n).toBe(4);
  });
});

describe('writes per role', () => {
  it('lets a teacher record visits for their students only, and nothing on the roster', async () => {
    const t = as('TEACHER');
    const visit = 'mutation ($s: ID!, $v: ID!) { createVisitRecord(studentId: $s, visitorId: $v, form: PHONE) { id } }';
    expect((await t.gql(visit, { s: c.students.s1, v: c.staff.teacherStaff })).errors).toBeUndefined();
    const notMine = await t.gql(visit, { s: c.students.s3, v: c.staff.teacherStaff });
    expect(notMine.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'studentId', rule: 'REFERENCE_NOT_FOUND' });
    const roster = await t.gql('mutation ($id: ID!) { updateStudent(id: $id, version: 1, note: "x") { id } }', { id: c.students.s1 });
    expect(roster.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lets the aid centre change a student\'s categories but not their name', async () => {
    const a = as('AID_OFFICER');
    const cats = await a.gql('mutation ($id: ID!) { updateStudent(id: $id, version: 1, focusCategories: [{ category: LOW_INCOME, source: "民政局名单" }]) { focusCategories { category } version } }', { id: c.students.s4 });
    expect(cats.data?.updateStudent.focusCategories).toEqual([{ category: 'LOW_INCOME' }]);
    const name = await a.gql('mutation ($id: ID!, $v: Int!) { updateStudent(id: $id, version: $v, name: "改名") { id } }', { id: c.students.s4, v: cats.data?.updateStudent.version });
    expect(name.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'name', rule: 'FIELD_NOT_WRITABLE' });
  });

  it('refuses every write from the analyst and integration roles', async () => {
    for (const role of ['ANALYST', 'INTEGRATION'] as const) {
      const res = await as(role).gql('mutation ($id: ID!) { updateStudent(id: $id, version: 1, note: "x") { id } }', { id: c.students.s1 });
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('lets only school and bureau admins review visits', async () => {
    const v = (await as('BUREAU_ADMIN').ok('mutation ($s: ID!, $v: ID!) { createVisitRecord(studentId: $s, visitorId: $v, form: PHONE, status: COMPLETED, familySituation: "a", studentSituation: "b", keyPoints: "c", effect: "d") { id } }', { s: c.students.s1, v: c.staff.teacherStaff })).createVisitRecord.id;
    const byTeacher = await as('TEACHER').gql('mutation ($id: ID!) { reviewVisit(id: $id) { id } }', { id: v });
    expect(byTeacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await as('SCHOOL_ADMIN').ok('mutation ($id: ID!) { reviewVisit(id: $id) { status } }', { id: v })).reviewVisit.status).toBe('REVIEWED');
  });
});

describe('no inference through filters, sorting or search', () => {
  it('refuses an analyst filtering, sorting or searching on masked fields', async () => {
    const a = as('ANALYST');
    expect((await a.gql('{ allStudents(filter: { name: "张晓明" }) { id } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'name' });
    expect((await a.gql('{ allStudents(sortField: "idNumber") { id } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'sortField' });
    expect((await a.gql('{ allStudents(filter: { q: "张" }) { id } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'q' });
    expect((await a.gql('{ allGuardians(filter: { phone: "13812345678" }) { id } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'phone' });
    // Fields the analyst reads in full still filter: focus categories, schooling status.
    expect((await a.ok(`{ _allStudentsMeta(filter: { focusCategories: [REGISTERED_POOR, LOW_INCOME] }) { count } }`))._allStudentsMeta.count).toBe(4);
  });

  it('refuses sorting or filtering by the birth date to roles that read it by month', async () => {
    for (const role of ['TEACHER', 'ANALYST'] as const) {
      const r = as(role);
      expect((await r.gql('{ allStudents(sortField: "birthDate") { id } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'sortField' });
      expect((await r.gql('{ allStudents(filter: { birthDate_gte: "2015-04-17" }) { id } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'birthDate_gte' });
      expect((await r.gql('{ _allStudentsMeta(filter: { birthDate: "2015-04-17" }) { count } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'birthDate' });
    }
    expect((await as('SCHOOL_ADMIN').ok('{ _allStudentsMeta(filter: { birthDate: "2015-04-17" }) { count } }'))._allStudentsMeta.count).toBe(1);
  });

  it('searches a teacher\'s students by name but never by the 身份证号 they see masked', async () => {
    const t = as('TEACHER');
    const full = (await as('BUREAU_ADMIN').ok('query ($id: ID!) { Student(id: $id) { idNumber } }', { id: c.students.s1 })).Student.idNumber as string;
    expect((await t.ok('query ($q: String) { allStudents(filter: { q: $q }) { id } }', { q: full.slice(6, 14) })).allStudents).toEqual([]);
    expect((await t.ok('{ allStudents(filter: { q: "晓明" }) { id } }')).allStudents).toEqual([{ id: c.students.s1 }]);
    expect((await t.gql('{ allStudents(filter: { idNumber_neq: "x" }) { id } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'idNumber_neq' });
  });
});

describe('me.permissions', () => {
  it('tells the admin what the teacher may do and see', async () => {
    const me = (await as('TEACHER').ok('{ me { scope permissions { resource operations fields { field read editable creatable } } } }')).me;
    expect(me.scope).toBe('OWN_STUDENTS');
    const byName = Object.fromEntries(me.permissions.map((p: { resource: string }) => [p.resource, p]));
    expect(byName.User).toBeUndefined();
    expect(byName.Student.operations).toEqual(['read']);
    const field = (res: string, f: string) => byName[res].fields.find((x: { field: string }) => x.field === f);
    expect(field('Student', 'idNumber')).toEqual({ field: 'idNumber', read: 'MASKED', editable: false, creatable: false });
    expect(field('Student', 'birthDate')).toMatchObject({ read: 'MASKED' });
    expect(field('Student', 'name')).toMatchObject({ read: 'READ', editable: false });
    expect(byName.VisitRecord.operations).toEqual(expect.arrayContaining(['read', 'create', 'update']));
    expect(byName.VisitRecord.operations).not.toContain('review');
    expect(field('VisitRecord', 'status')).toMatchObject({ editable: false, creatable: true });
    expect(field('AssistanceItem', 'cashFen')).toMatchObject({ read: 'BY_ROW' });
  });

  it('tells the admin the analyst sees names masked and may change nothing', async () => {
    const me = (await as('ANALYST').ok('{ me { permissions { resource operations fields { field read editable } } } }')).me;
    const student = me.permissions.find((p: { resource: string }) => p.resource === 'Student');
    expect(student.operations).toEqual(['read']);
    expect(student.fields.find((f: { field: string }) => f.field === 'name')).toEqual({ field: 'name', read: 'MASKED', editable: false });
    expect(student.fields.every((f: { editable: boolean }) => !f.editable)).toBe(true);
  });
});
