import { randomUUID } from 'node:crypto';
import { useCounty } from '../support/county';
import { newIdNumber } from '../support/ids';
import { count } from '../support/roster';

// 辍学风险预警 (002 四(五)): children with known facts, their scores and every reason with its
// weight (dropout/risk-weights.ts), as of 2025-06-30 (school year 2024-2025, both semesters begun).
const t = useCounty();
const AS_OF = '2025-06-30';
const admin = () => t.county.users.BUREAU_ADMIN;
const ok = (q: string, v?: Record<string, unknown>, token = admin()) => t.app.ok(q, v, token);
const gql = (q: string, v?: Record<string, unknown>, token = admin()) => t.app.gql(q, v, token);

const LIST = `query ($s: ID, $min: Int, $asOf: LocalDate) { dropoutRiskList(schoolId: $s, minScore: $min, asOf: $asOf) {
  count items { studentId student { name } score band openCaseId reasonText reasons { factor code weight explanation lastOn } } } }`;
type Item = { studentId: string; student: { name: string } | null; score: number; band: string; openCaseId: string | null; reasonText: string; reasons: Array<Record<string, unknown>> };
const list = async (v: Record<string, unknown> = {}, token = admin()) => (await ok(LIST, { asOf: AS_OF, ...v }, token)).dropoutRiskList as { count: number; items: Item[] };

const ids: Record<string, string> = {};
const reason = (factor: string, code: string, weight: number, explanation: string, lastOn: string | null = null) => ({ factor, code, weight, explanation, lastOn });
/** The county's four pupils (registered poor, grade 3, never visited) all score the same. */
const POOR_UNVISITED = [
  reason('FOCUS', 'REGISTERED_POOR', 10, '重点关注：建档立卡/脱贫家庭'),
  reason('MISSED_VISIT', 'SEMESTER_VISIT', 10, '重点关注学生每学期至少家访1次：差2次'),
  reason('MISSED_VISIT', 'ANNUAL_VISIT', 5, '每学年至少家访1次（全体学生）：差1次'),
];

beforeAll(async () => {
  const { schools, staff, bureauId } = t.county;
  const J = (await ok('mutation { createSchool(name: "龙阳初级中学", code: "SJ01", kind: JUNIOR) { id } }')).createSchool.id;
  const klass = async (school: string, grade: number, name: string) =>
    (await ok('mutation ($s: ID!, $g: Int!, $n: String!) { createSchoolClass(schoolId: $s, grade: $g, name: $n, schoolYear: "2024-2025") { id } }', { s: school, g: grade, n: name })).createSchoolClass.id;
  const J9 = await klass(J, 9, '九年级（1）班');
  const J8 = await klass(J, 8, '八年级（1）班');
  const B6 = await klass(schools.B, 6, '六年级（1）班');
  const B4 = await klass(schools.B, 4, '四年级（1）班');
  const student = async (key: string, school: string, cls: string, focus: string[] = []) => {
    const id = newIdNumber('2011-02-02', 'FEMALE');
    ids[key] = (await ok('mutation ($n: String!, $b: LocalDate!, $id: String, $s: ID, $c: ID, $f: [FocusCategoryEntryInput!]) { createStudent(name: $n, gender: FEMALE, birthDate: $b, idNumber: $id, schoolId: $s, classId: $c, focusCategories: $f) { id } }', {
      n: `学生${key}`, b: id.birthDate, id: id.idNumber, s: school, c: cls, f: focus.map((category) => ({ category })),
    })).createStudent.id;
  };
  await student('甲', J, J9, ['LEFT_BEHIND']);
  await student('乙', J, J8);
  await student('丙', schools.B, B6);
  await student('丁', schools.B, B4);
  await student('戊', schools.B, B4);

  // Visits written as they would have been recorded in 2024–2025 (the API takes a visit's time at most 30 days back).
  const visit = async (studentId: string, day: string, signs: string[] = []) => {
    const id = randomUUID();
    const at = new Date(`${day}T12:00:00+08:00`);
    await t.app.sql(`insert into visit_record (id, version, created_at, updated_at, bureau_id, student_id, visitor_id, form, purpose, status, parent_consent, planned_at, visited_at, completed_at, dropout_signs)
      values (?, 1, ?, ?, ?, ?, ?, 'PHONE', 'ROUTINE', 'COMPLETED', true, ?, ?, ?, ?::text[])`, [id, at, at, bureauId, studentId, staff.otherStaff, at, at, at, `{${signs.join(',')}}`]);
    return id;
  };
  await visit(ids.乙, '2024-10-10');
  await visit(ids.乙, '2025-05-10', ['AVERSION', 'LONG_ABSENCE']);
  await visit(ids.丁, '2025-03-03');
  const withSuggestion = await visit(ids.戊, '2025-03-04');
  await t.app.sql(`insert into parent_suggestion (id, version, created_at, updated_at, bureau_id, visit_id, content, category, answered_on_spot, status, issue_scope)
    values (?, 1, ?, ?, ?, ?, '孩子在校被欺负，希望学校处理', 'SAFETY', false, 'ESCALATED', 'INDIVIDUAL')`, [randomUUID(), new Date('2025-03-04T12:00:00+08:00'), new Date('2025-03-04T12:00:00+08:00'), bureauId, withSuggestion]);
  // 丙 dropped out in January and came back in March, then was suspended in April and resumed in May.
  await t.app.sql(`insert into dropout_case (id, version, created_at, updated_at, bureau_id, student_id, school_id, discovered_on, status, dropout_category, confirmed_on, returned_on)
    values (?, 1, now(), now(), ?, ?, ?, '2025-01-05', 'RETURNED', 'AVERSION', '2025-01-10', '2025-03-01')`, [randomUUID(), bureauId, ids.丙, schools.B]);
  const change = 'mutation ($s: ID!, $k: EnrollmentChangeKind!, $d: LocalDate!) { createEnrollmentChange(studentId: $s, kind: $k, effectiveOn: $d) { id } }';
  await ok(change, { s: ids.丙, k: 'SUSPENSION', d: '2025-04-01' });
  await ok(change, { s: ids.丙, k: 'RESUMPTION', d: '2025-05-01' });
});

describe('dropout risk scores', () => {
  it('scores each enrolled child from the facts held, every reason with its weight, highest first', async () => {
    const { students: s } = t.county;
    const r = await list();
    expect(r.count).toBe(8); // 丁 has no risk factor
    const by = Object.fromEntries(r.items.map((i) => [i.studentId, i]));
    expect(r.items.slice(0, 3).map((i) => i.studentId)).toEqual([ids.丙, ids.甲, ids.乙]);
    expect(by[ids.丙]).toMatchObject({ score: 80, band: 'HIGH', openCaseId: null });
    expect(by[ids.丙].reasons).toEqual([
      reason('EARLIER_CASE', 'RETURNED', 30, '曾确认辍学，劝返复学（2025-03-01）', '2025-03-01'),
      reason('ENROLLMENT_CHANGE', 'SUSPENSION', 20, '近一年学籍异动：休学（2025-04-01）', '2025-04-01'),
      reason('ENROLLMENT_CHANGE', 'RESUMPTION', 15, '近一年学籍异动：复学（2025-05-01）', '2025-05-01'),
      reason('GRADE', '6', 10, '六年级（小升初过渡）'),
      reason('MISSED_VISIT', 'ANNUAL_VISIT', 5, '每学年至少家访1次（全体学生）：差1次'),
    ]);
    expect(by[ids.甲]).toMatchObject({ score: 55, band: 'HIGH' });
    expect(by[ids.甲].reasons).toEqual([
      reason('GRADE', '9', 20, '初三（九年级）'),
      reason('FOCUS', 'LEFT_BEHIND', 10, '重点关注：留守儿童'),
      reason('MISSED_VISIT', 'SEMESTER_VISIT', 10, '重点关注学生每学期至少家访1次：差2次'),
      reason('MISSED_VISIT', 'SPECIAL_TWICE', 10, '特殊群体学生每学年至少入户家访2次：差2次'),
      reason('MISSED_VISIT', 'ANNUAL_VISIT', 5, '每学年至少家访1次（全体学生）：差1次'),
    ]);
    expect(by[ids.甲].reasonText).toBe('初三（九年级） +20；重点关注：留守儿童 +10；重点关注学生每学期至少家访1次：差2次 +10；特殊群体学生每学年至少入户家访2次：差2次 +10；每学年至少家访1次（全体学生）：差1次 +5');
    // Visited in both semesters, the second time found averse and long absent: no visit gap.
    expect(by[ids.乙]).toMatchObject({ score: 50, band: 'HIGH' });
    expect(by[ids.乙].reasons).toEqual([
      reason('VISIT_SIGN', 'AVERSION', 25, '家访记录：厌学情绪（1次，2025-05-10）', '2025-05-10'),
      reason('VISIT_SIGN', 'LONG_ABSENCE', 25, '家访记录：长期缺课、旷课（1次，2025-05-10）', '2025-05-10'),
    ]);
    for (const id of Object.values(s)) {
      expect(by[id]).toMatchObject({ score: 25, band: 'MEDIUM' });
      expect(by[id].reasons).toEqual(POOR_UNVISITED);
    }
    expect(by[ids.戊]).toMatchObject({ score: 5, band: 'LOW' });
    expect(by[ids.戊].reasons).toEqual([reason('ESCALATED_SUGGESTION', 'ESCALATED', 5, '家长意见上报学校未解决（1条，2025-03-04）', '2025-03-04')]);
    expect(r.items.at(-1)!.studentId).toBe(ids.戊);
    expect(by[ids.丁]).toBeUndefined();
  });

  it('narrows by school and minimum score, and counts beyond the page', async () => {
    const high = await list({ min: 50 });
    expect(high.items.map((i) => i.studentId)).toEqual([ids.丙, ids.甲, ids.乙]);
    const b = await list({ s: t.county.schools.B });
    expect(b.items.map((i) => [i.studentId, i.score])).toEqual([[ids.丙, 80], [t.county.students.s4, 25], [ids.戊, 5]]);
    const paged = (await ok('query ($asOf: LocalDate) { dropoutRiskList(asOf: $asOf, perPage: 2, page: 1) { count items { score } } }', { asOf: AS_OF })).dropoutRiskList;
    expect(paged).toEqual({ count: 8, items: [{ score: 50 }, { score: 25 }] });
    const bad = await gql(LIST, { asOf: '2025-02-30' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
  });

  it('counts the students per band per school (辍学风险预警统计表)', async () => {
    const r = (await ok(`query ($asOf: LocalDate) { dropoutRiskReport(asOf: $asOf, groupBy: SCHOOL) {
      rows { unitName students high medium low none } total { students high medium low none highShare } } }`, { asOf: AS_OF })).dropoutRiskReport;
    expect(r.rows).toEqual([
      { unitName: '城关中心小学', students: 2, high: 0, medium: 2, low: 0, none: 0 },
      { unitName: '龙阳中心小学', students: 4, high: 1, medium: 1, low: 1, none: 1 },
      { unitName: '龙阳初级中学', students: 2, high: 2, medium: 0, low: 0, none: 0 },
      { unitName: '城关中心幼儿园', students: 1, high: 0, medium: 1, low: 0, none: 0 },
    ]);
    expect(r.total).toEqual({ students: 9, high: 3, medium: 4, low: 1, none: 1, highShare: 33.3 });
  });
});

describe('what visits record', () => {
  it('takes the signs a visit found at completion, and the list reads them from then on', async () => {
    const { staff, users } = t.county;
    const v = (await ok('mutation ($s: ID!, $t: ID!) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE) { id } }', { s: ids.戊, t: staff.otherStaff })).createVisitRecord.id;
    const bad = await gql('mutation ($id: ID!) { completeVisit(id: $id, dropoutSigns: [SKIPPING]) { id } }', { id: v });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const done = (await ok(`mutation ($id: ID!) { completeVisit(id: $id, familySituation: "父母在外务工", studentSituation: "近两周多次旷课", keyPoints: "劝导按时到校",
      effect: "家长表示配合", dropoutSigns: [LONG_ABSENCE, WORK_INTENT]) { status dropoutSigns } }`, { id: v })).completeVisit;
    expect(done).toEqual({ status: 'COMPLETED', dropoutSigns: ['LONG_ABSENCE', 'WORK_INTENT'] });
    const today = (await ok('query ($s: ID) { dropoutRiskList(schoolId: $s, minScore: 40) { items { studentId reasons { factor code weight } } } }', { s: t.county.schools.B })).dropoutRiskList;
    const item = today.items.find((i: { studentId: string }) => i.studentId === ids.戊);
    expect(item.reasons.filter((r: { factor: string }) => r.factor === 'VISIT_SIGN')).toEqual([
      { factor: 'VISIT_SIGN', code: 'LONG_ABSENCE', weight: 25 },
      { factor: 'VISIT_SIGN', code: 'WORK_INTENT', weight: 20 },
    ]);
    // A teacher who does not reach the child reads neither the visit nor its signs.
    expect((await gql('query ($id: ID!) { VisitRecord(id: $id) { dropoutSigns } }', { id: v }, users.TEACHER)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('who reads the risk list', () => {
  it('gives a teacher their own students only, and a school admin their schools', async () => {
    const { students: s, users } = t.county;
    const mine = await list({}, users.TEACHER);
    expect(mine.items.map((i) => i.studentId).sort()).toEqual([s.s1, s.s2].sort());
    expect(mine.items.every((i) => i.reasons.length === 3)).toBe(true);
    const school = await list({}, users.SCHOOL_ADMIN);
    expect(school.items.map((i) => i.studentId).sort()).toEqual([s.s1, s.s2, s.s3].sort());
    const other = await gql(LIST, { asOf: AS_OF, s: t.county.schools.B }, users.SCHOOL_ADMIN);
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('masks names for analysts and lists no one to an integration token', async () => {
    const { users } = t.county;
    const analyst = await list({ min: 50 }, users.ANALYST);
    expect(analyst.items.map((i) => i.student?.name)).toEqual(['学*丙', '学*甲', '学*乙']);
    expect(analyst.items[1].reasons[1]).toMatchObject({ factor: 'FOCUS', code: 'LEFT_BEHIND' });
    const token = await gql(LIST, { asOf: AS_OF }, users.INTEGRATION);
    expect(token.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'AGGREGATES_ONLY' });
  });
});

describe('opening a case from the list', () => {
  const OPEN = 'mutation ($s: ID!) { openDropoutCaseForRisk(studentId: $s) { id status studentId schoolId details } }';

  it('opens a suspected case with the reasons, once, for admins only', async () => {
    const { users } = t.county;
    const before = await count(t.app, 'dropout_case');
    expect((await gql(OPEN, { s: ids.甲 }, users.TEACHER)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // The principal of 城关中心小学 does not reach 龙阳初级中学's pupils.
    expect((await gql(OPEN, { s: ids.甲 }, users.SCHOOL_ADMIN)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await count(t.app, 'dropout_case')).toBe(before);
    const c = (await ok(OPEN, { s: ids.甲 })).openDropoutCaseForRisk;
    expect(c).toMatchObject({ status: 'SUSPECTED', studentId: ids.甲 });
    expect(c.details).toMatch(/^辍学风险预警 55 分（高风险）：初三（九年级） \+20；重点关注：留守儿童 \+10；/);
    const again = await gql(OPEN, { s: ids.甲 });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'ONE_OPEN_CASE' });
    const listed = await list({ min: 50 });
    expect(listed.items.find((i) => i.studentId === ids.甲)?.openCaseId).toBe(c.id);
  });

  it('refuses a child with no risk factor today', async () => {
    // Visited today: no visit is missing this school year, and 丁 has no other factor.
    await t.app.sql(`insert into visit_record (id, version, created_at, updated_at, bureau_id, student_id, visitor_id, form, purpose, status, parent_consent, planned_at, visited_at, completed_at)
      values (?, 1, now(), now(), ?, ?, ?, 'PHONE', 'ROUTINE', 'COMPLETED', true, now(), now(), now())`, [randomUUID(), t.county.bureauId, ids.丁, t.county.staff.otherStaff]);
    const none = await gql(OPEN, { s: ids.丁 });
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'studentId', rule: 'NOT_AT_RISK' });
  });
});
