import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { hashPassword } from '../../packages/api/src/core/auth/password';
import { noon, rowWriter } from '../support/rows';

// teacherVisitReport, pairingCoverageReport and callbackReport over a county of their own, built
// below row by row; every expected figure is counted by hand from the comments, not by SQL.

let app: TestApp;
let c: Awaited<ReturnType<typeof createStaffCounty>>;
beforeAll(async () => {
  app = await startTestApp();
  c = await createStaffCounty(app);
});
afterAll(() => app.close());

/**
 * Schools A 城关小学 (T01) and B 龙阳中学 (T02). Staff at A: 张校长 (principal), 李班主任 (heads
 * class A1), 王老师 (teacher), 钱老师 (left, no visits); at B: 赵班主任 (heads class B1).
 * Students: S1 S2 S3 in A1, S4 S5 in B1, S6 at B without a class.
 */
async function createStaffCounty(app: TestApp) {
  const { bureauId, username } = await createBureau(app.orm, '测试县教育局');
  const conn = app.orm.em.getConnection();
  const insert = rowWriter(app, bureauId);
  const county = await insert('region', { code: '610588', name: '测试县', level: 'COUNTY' });
  const T1 = await insert('region', { code: '610588001', name: '城关镇', level: 'TOWN', parent_id: county });
  const A = await insert('school', { name: '城关小学', code: 'T01', kind: 'PRIMARY', town_id: T1 });
  const B = await insert('school', { name: '龙阳中学', code: 'T02', kind: 'JUNIOR', town_id: T1 });
  const staff = (name: string, school_id: string, position: string, active = true) => insert('staff_member', { name, school_id, position, phone: '13912345678', active });
  const pA = await staff('张校长', A, 'PRINCIPAL');
  const hA = await staff('李班主任', A, 'HEAD_TEACHER');
  const tA = await staff('王老师', A, 'TEACHER');
  await staff('钱老师', A, 'TEACHER', false);
  const hB = await staff('赵班主任', B, 'HEAD_TEACHER');
  const A1 = await insert('school_class', { school_id: A, grade: 4, name: '四年级（1）班', head_teacher_id: hA, school_year: '2024-2025' });
  const B1 = await insert('school_class', { school_id: B, grade: 8, name: '八年级（1）班', head_teacher_id: hB, school_year: '2024-2025' });
  const cats = (...x: string[]) => JSON.stringify(x.map((category) => ({ category })));
  const student = (name: string, school_id: string, class_id: string | null, focus: string) =>
    insert('student', { name, gender: 'MALE', birth_date: '2013-05-05', school_id, class_id, schooling_status: 'IN_COUNTY', focus_categories: focus, home_teaching: false });
  const S1 = await student('孙小一', A, A1, cats('REGISTERED_POOR'));
  const S2 = await student('孙小二', A, A1, cats('REGISTERED_POOR'));
  const S3 = await student('孙小三', A, A1, cats('LEFT_BEHIND'));
  const S4 = await student('孙小四', B, B1, cats('REGISTERED_POOR', 'LEFT_BEHIND'));
  const S5 = await student('孙小五', B, B1, cats());
  const S6 = await student('孙小六', B, null, cats('ORPHAN'));
  await insert('guardian', { student_id: S3, name: '孙大三', relation: 'FATHER', phone: '13800001111', lives_with_student: true, works_away: false });

  // Pairings: S1 active; S2's ended at 2024-12-31; S4's begins 2025-04-01; S6 active.
  const pairing = async (helper: string, s: string, start: string, end: string | null) => {
    const id = await insert('pairing', { mode: 'ONE_TO_ONE', support_types: '{STUDY}', start_date: start, end_date: end, status: end ? 'ENDED' : 'ACTIVE' });
    await conn.execute('insert into pairing_helpers (pairing_id, staff_member_id) values (?, ?)', [id, helper]);
    await conn.execute('insert into pairing_students (pairing_id, student_id) values (?, ?)', [id, s]);
  };
  await pairing(tA, S1, '2024-09-01', null);
  await pairing(tA, S2, '2024-09-01', '2024-12-31');
  await pairing(hB, S4, '2025-04-01', null);
  await pairing(hB, S6, '2024-09-01', null);

  // Campaign C1 with its roster: S1 → 张校长, S3 → 王老师, S4 → 赵班主任.
  const C1 = await insert('campaign', { name: '2024年秋季大家访', kind: 'COVERAGE', school_year: '2024-2025', start_date: '2024-10-01', end_date: '2025-01-31', target_categories: '{}' });
  for (const [s, st] of [[S1, pA], [S3, tA], [S4, hB]]) await insert('roster_entry', { campaign_id: C1, student_id: s, assigned_staff_id: st, priority: 'NORMAL' });

  const visit = (student_id: string, visitor_id: string, form: string, status: string, day: string, extra: Record<string, unknown> = {}) =>
    insert('visit_record', {
      student_id, visitor_id, form, status, purpose: 'ROUTINE', parent_consent: true, planned_at: noon(day),
      completed_at: status === 'DEPARTED' ? null : noon(day), visited_at: status === 'DEPARTED' ? null : noon(day), ...extra,
    });
  const v1 = await visit(S1, pA, 'IN_PERSON', 'REVIEWED', '2024-10-10', { campaign_id: C1, callback_confirmed: true, satisfaction: 'VERY_SATISFIED' });
  await conn.execute('insert into visit_record_companions (visit_record_id, staff_member_id) values (?, ?)', [v1, hA]);
  const v2 = await visit(S2, hA, 'PHONE', 'REVIEWED', '2024-11-01', { callback_confirmed: false }); // the family says no visit took place
  const v3 = await visit(S3, hA, 'SMS', 'COMPLETED', '2024-11-02', { parent_met_name: '孙大妈', parent_met_phone: '13700002222' });
  const v4 = await visit(S3, hA, 'AT_SCHOOL', 'REVIEWED', '2025-03-01', { callback_confirmed: true, satisfaction: 'DISSATISFIED' });
  const v5 = await visit(S4, hB, 'ONLINE', 'COMPLETED', '2024-12-01', { campaign_id: C1 });
  const v6 = await visit(S4, hB, 'LETTER', 'REVIEWED', '2025-02-10', { callback_confirmed: true, satisfaction: 'NEUTRAL' });
  await visit(S5, hB, 'IN_PERSON', 'DEPARTED', '2025-03-14', { expected_return_at: new Date('2025-03-14T10:00:00+08:00') }); // overdue
  await visit(S1, tA, 'IN_PERSON', 'COMPLETED', '2024-08-20'); // the school year before
  const v9 = await visit(S6, hB, 'PHONE', 'COMPLETED', '2024-10-20');

  const users: Record<string, string> = { BUREAU_ADMIN: await app.login(username, FIXTURE_PASSWORD) };
  const hash = hashPassword(FIXTURE_PASSWORD);
  for (const [key, role, school_id, staff_id] of [
    ['SCHOOL_ADMIN', 'SCHOOL_ADMIN', A, null], ['TEACHER', 'TEACHER', A, hA], ['ANALYST', 'ANALYST', null, null], ['AID_OFFICER', 'AID_OFFICER', null, null],
  ] as const) {
    const name = `${key.toLowerCase()}_${randomUUID().slice(0, 6)}`;
    await insert('user', { username: name, password_hash: hash, role, school_id, staff_id, active: true });
    users[key] = await app.login(name, FIXTURE_PASSWORD);
  }
  users.INTEGRATION = (await app.ok('mutation { createApiToken(name: "看板") { token } }', {}, users.BUREAU_ADMIN)).createApiToken.token;
  return { users, schools: { A, B }, staff: { pA, hA, tA, hB }, students: { S1, S2, S3, S4, S5, S6 }, campaigns: { C1 }, visits: { v1, v2, v3, v4, v5, v6, v9 } };
}

const YEAR = { schoolYear: '2024-2025', asOf: '2025-03-14' };
type Args = Record<string, unknown>;
const ENUM_ARGS = new Set(['groupBy', 'semester', 'sortBy']);
const argText = (args: Args) => Object.entries(args).map(([k, v]) => `${k}: ${ENUM_ARGS.has(k) ? v : JSON.stringify(v)}`).join(', ');

async function report(name: string, args: Args, cols: string[], token = c.users.BUREAU_ADMIN, dims: string[] = []) {
  const fields = `unitName rowType ${dims.join(' ')} ${cols.join(' ')}`;
  const res = await app.gql(`{ r: ${name}(${argText(args)}) { rows { ${fields} } total { ${fields} } } }`, {}, token);
  if (res.errors) return { errors: res.errors };
  const line = (row: any) => [row.rowType === 'SUBTOTAL' ? `${row.unitName} 小计` : row.unitName, ...dims.map((d) => row[d]), ...cols.map((k) => row[k])];
  return { lines: res.data.r.rows.map(line), totalLine: line(res.data.r.total) };
}

async function list(query: string, args: Args, selection: string, token = c.users.BUREAU_ADMIN) {
  return app.gql(`{ r: ${query}(${argText(args)}) ${selection} }`, {}, token);
}

async function download(name: string, query: string, token = c.users.BUREAU_ADMIN) {
  const res = await fetch(`${app.url}/reports/${name}.xlsx?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return { status: res.status, body: await res.json() };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const rows = (sheet: ExcelJS.Worksheet) => {
    const out: unknown[][] = [];
    sheet.eachRow((r) => out.push(Array.from((r.values as unknown[]).slice(1), (v) => v ?? null)));
    return out;
  };
  return { status: 200, book, rows };
}

describe('teacherVisitReport (001 五2、六; 003 四(一))', () => {
  const cols = ['staff', 'staffVisiting', 'staffRate', 'assigned', 'visitedAssigned', 'visitedRate', 'visits', 'inPersonVisits', 'phoneVisits', 'smsVisits', 'onlineVisits', 'letterVisits', 'accompanied', 'overdueVisits'];

  it('counts per school and position: staff, assigned and visited students, visits by form, overdue reports', async () => {
    const r = await report('teacherVisitReport', YEAR, cols, c.users.BUREAU_ADMIN, ['positionLabel']);
    expect(r.lines).toEqual([
      // 李班主任: class A1 (S1 S2 S3), visited all three (S1 along with 张校长); phone, SMS, at school; went along once.
      ['城关小学', '班主任', 1, 1, 100, 3, 3, 100, 3, 1, 1, 1, 0, 0, 1, 0],
      // 张校长: roster S1, visited in person.
      ['城关小学', '校长', 1, 1, 100, 1, 1, 100, 1, 1, 0, 0, 0, 0, 0, 0],
      // 王老师: roster S3, no visit this school year (his 2024-08 visit is last year's); 钱老师 left and is not counted.
      ['城关小学', '任课教师', 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      ['城关小学 小计', null, 3, 2, 66.7, 5, 4, 80, 4, 2, 1, 1, 0, 0, 1, 0],
      // 赵班主任: roster S4 and class B1 (S4 S5) = 2 students, S4 visited; online, letter, phone (S6); S5's visit overdue.
      ['龙阳中学', '班主任', 1, 1, 100, 2, 1, 50, 3, 0, 1, 0, 1, 1, 0, 1],
      ['龙阳中学 小计', null, 1, 1, 100, 2, 1, 50, 3, 0, 1, 0, 1, 1, 0, 1],
    ]);
    expect(r.totalLine).toEqual(['合计', null, 4, 3, 75, 7, 5, 71.4, 7, 2, 2, 1, 1, 1, 1, 1]);
  });

  it('in a campaign counts its roster and its visits only', async () => {
    const r = await report('teacherVisitReport', { campaignId: c.campaigns.C1, asOf: '2025-03-14', groupBy: 'COUNTY' }, ['assigned', 'visitedAssigned', 'visits'], c.users.BUREAU_ADMIN, ['position']);
    // Roster S1 (张校长, visited v1), S3 (王老师, not), S4 (赵班主任, visited v5); campaign visits v1 and v5.
    expect(r.totalLine).toEqual(['合计', null, 3, 2, 2]);
  });

  const sel = '{ count items { staffId staff { name } school { name } position assigned visitedAssigned unvisited visits overdueVisits calledBack confirmed confirmedRate answered satisfied satisfiedRate } }';

  it('lists every teacher, sorted for appraisal by the argument', async () => {
    const byVisits = await list('teacherVisits', YEAR, sel);
    expect(byVisits.errors).toBeUndefined();
    expect(byVisits.data.r.count).toBe(4);
    // 3 visits each (李 at T01 before 赵 at T02), then 张 1, 王 0.
    expect(byVisits.data.r.items.map((i: any) => [i.staff.name, i.visits])).toEqual([['李班主任', 3], ['赵班主任', 3], ['张校长', 1], ['王老师', 0]]);
    const li = byVisits.data.r.items[0];
    // 李: call-backs v2 (denied) and v4 (confirmed, dissatisfied).
    expect(li).toMatchObject({ position: 'HEAD_TEACHER', assigned: 3, visitedAssigned: 3, unvisited: 0, calledBack: 2, confirmed: 1, confirmedRate: 50, answered: 1, satisfied: 0, satisfiedRate: 0 });

    const byOverdue = await list('teacherVisits', { ...YEAR, sortBy: 'OVERDUE' }, sel);
    expect(byOverdue.data.r.items[0]).toMatchObject({ staffId: c.staff.hB, overdueVisits: 1 });
    const byUnvisited = await list('teacherVisits', { ...YEAR, sortBy: 'UNVISITED' }, sel);
    // One unvisited each for 王 (T01) and 赵 (T02), then the others.
    expect(byUnvisited.data.r.items.map((i: any) => [i.staff.name, i.unvisited]).slice(0, 2)).toEqual([['王老师', 1], ['赵班主任', 1]]);
    const byRate = await list('teacherVisits', { ...YEAR, sortBy: 'CONFIRMED_RATE' }, sel);
    expect(byRate.data.r.items.map((i: any) => i.confirmedRate)).toEqual([50, 100, 100, null]);

    const page = await list('teacherVisits', { ...YEAR, page: 1, perPage: 3 }, sel);
    expect(page.data.r.count).toBe(4);
    expect(page.data.r.items.map((i: any) => i.staff.name)).toEqual(['王老师']);
  });

  it('keeps a school admin to its school, masks names for analysts, and gives tokens and teachers no list', async () => {
    const own = await list('teacherVisits', YEAR, sel, c.users.SCHOOL_ADMIN);
    expect(own.data.r.items.map((i: any) => i.school.name)).toEqual(['城关小学', '城关小学', '城关小学']);
    const other = await list('teacherVisits', { ...YEAR, schoolId: c.schools.B }, sel, c.users.SCHOOL_ADMIN);
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const analyst = await list('teacherVisits', YEAR, sel, c.users.ANALYST);
    expect(analyst.data.r.items[0].staff.name).toBe('李**任');
    const token = await list('teacherVisits', YEAR, sel, c.users.INTEGRATION);
    expect(token.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const teacher = await report('teacherVisitReport', YEAR, ['visits'], c.users.TEACHER);
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a sort it does not know and an argument it does not take', async () => {
    const bad = await download('teacherVisitReport', 'schoolYear=2024-2025&sortBy=NAME');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sortBy' });
    const unknown = await download('teacherVisitReport', 'schoolYear=2024-2025&sampleSize=3');
    expect(unknown.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sampleSize' });
  });

  it('downloads the table per school and position, and the teachers in the chosen order', async () => {
    const x = await download('teacherVisitReport', 'schoolYear=2024-2025&asOf=2025-03-14&sortBy=OVERDUE');
    expect(x.status).toBe(200);
    expect(x.book!.worksheets.map((s) => s.name)).toEqual(['教师家访情况统计表', '教师家访情况名单']);
    const main = x.rows!(x.book!.worksheets[0]);
    expect(main.find((r) => r[1] === '合计')).toEqual([null, '合计', null, 4, 3, 75, 7, 5, 71.4, 7, 2, 2, 1, 1, 1, 1, 1]);
    const people = x.rows!(x.book!.worksheets[1]);
    expect(people[0].slice(0, 5)).toEqual(['序号', '学校', '姓名', '职务', '分配学生']);
    expect(people[1].slice(0, 4)).toEqual([1, '龙阳中学', '赵班主任', '班主任']);
    expect(people).toHaveLength(5);
    const tokenBook = await download('teacherVisitReport', 'schoolYear=2024-2025', c.users.INTEGRATION);
    expect(tokenBook.book!.worksheets).toHaveLength(1);
  });

  it('names its list in the report metadata the admin reads', async () => {
    const info = await app.ok('{ reports { name kind list args } }', {}, c.users.BUREAU_ADMIN);
    const byName = Object.fromEntries(info.reports.map((r: any) => [r.name, r]));
    expect(byName.teacherVisitReport).toMatchObject({ list: 'teacherVisits', kind: 'aggregate' });
    expect(byName.teacherVisitReport.args).toContain('sortBy');
    expect(byName.callbackReport.args).toEqual(expect.arrayContaining(['sampleSize', 'seed']));
    expect(byName.pairingCoverageReport.list).toBe('unpairedStudents');
    expect(byName.complianceReport.list).toBe('complianceGaps');
  });
});

describe('pairingCoverageReport (004 建卡贫困户学生帮扶全覆盖)', () => {
  const cols = ['registeredPoor', 'registeredPoorPaired', 'registeredPoorUnpaired', 'registeredPoorRate', 'other', 'otherPaired', 'otherUnpaired', 'otherRate'];

  it('counts registered-poor and other focus students paired on the day or not', async () => {
    const r = await report('pairingCoverageReport', { asOf: '2025-03-14' }, cols);
    expect(r.lines).toEqual([
      // S1 paired, S2's pairing ended; S3 (留守) never paired.
      ['城关小学', 2, 1, 1, 50, 1, 0, 1, 0],
      // S4 (建档立卡 and 留守: counted as registered poor) is paired only from April; S6 (孤儿) paired; S5 no category.
      ['龙阳中学', 1, 0, 1, 0, 1, 1, 0, 100],
    ]);
    expect(r.totalLine).toEqual(['合计', 3, 1, 2, 33.3, 2, 1, 1, 50]);
    const april = await report('pairingCoverageReport', { asOf: '2025-04-15' }, cols);
    expect(april.totalLine).toEqual(['合计', 3, 2, 1, 66.7, 2, 1, 1, 50]);
  });

  const sel = '{ count items { studentId student { name } school { name } schoolClass { name } group lastPairedUntil } }';

  it('lists the unpaired by school, registered poor first, with the end of their last pairing', async () => {
    const res = await list('unpairedStudents', { asOf: '2025-03-14' }, sel);
    expect(res.data.r.count).toBe(3);
    expect(res.data.r.items.map((i: any) => [i.school.name, i.student.name, i.group, i.lastPairedUntil, i.schoolClass?.name ?? null])).toEqual([
      ['城关小学', '孙小二', 'REGISTERED_POOR', '2024-12-31', '四年级（1）班'],
      ['城关小学', '孙小三', 'OTHER_FOCUS', null, '四年级（1）班'],
      ['龙阳中学', '孙小四', 'REGISTERED_POOR', null, '八年级（1）班'],
    ]);
    // The group tells a poverty category: a full read of it, in the audit trail like the field's.
    const views = await app.sql("select record_ids, fields from audit_event where action = 'VIEW' and resource = 'Student' and fields @> '[\"focusCategories\"]'::jsonb");
    expect(views.flatMap((v: any) => v.record_ids ?? [])).toEqual(expect.arrayContaining([c.students.S2, c.students.S3, c.students.S4]));
  });

  it('follows the field rules and reach: teachers their own students, analysts masked names, tokens no list', async () => {
    const teacher = await list('unpairedStudents', { asOf: '2025-03-14' }, sel, c.users.TEACHER);
    expect(teacher.data.r.items.map((i: any) => i.student.name)).toEqual(['孙小二', '孙小三']);
    const teacherFigures = await report('pairingCoverageReport', { asOf: '2025-03-14' }, cols, c.users.TEACHER);
    expect(teacherFigures.lines).toEqual([['城关小学', 2, 1, 1, 50, 1, 0, 1, 0]]);
    const analyst = await list('unpairedStudents', { asOf: '2025-03-14' }, sel, c.users.ANALYST);
    expect(analyst.data.r.items[0].student.name).toBe('孙*二');
    const token = await list('unpairedStudents', { asOf: '2025-03-14' }, sel, c.users.INTEGRATION);
    expect(token.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'AGGREGATES_ONLY' });
    const badPage = await list('unpairedStudents', { asOf: '2025-03-14', perPage: 0 }, sel);
    expect(badPage.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'perPage' });
  });

  it('downloads the table and the unpaired list, the list in the audit trail', async () => {
    const before = await app.sql("select count(*)::int as n from audit_event where action = 'VIEW' and after->>'report' = 'pairingCoverageReport'");
    const x = await download('pairingCoverageReport', 'asOf=2025-03-14');
    const views = await app.sql("select record_ids, fields from audit_event where action = 'VIEW' and after->>'report' = 'pairingCoverageReport'");
    expect(views.length).toBe(before[0].n + 1);
    expect([...views.at(-1).record_ids].sort()).toEqual([c.students.S2, c.students.S3, c.students.S4].sort());
    expect(views.at(-1).fields).toEqual(['focusCategories']);
    const [main, unpaired] = x.book!.worksheets;
    expect(unpaired.name).toBe('未结对帮扶学生名单');
    expect(x.rows!(main).find((r) => r[1] === '合计')).toEqual([null, '合计', 3, 1, 2, 33.3, 2, 1, 1, 50]);
    expect(x.rows!(unpaired).slice(1).map((r) => [r[1], r[3], r[4]])).toEqual([
      ['城关小学', '孙小二', '建档立卡（脱贫）家庭学生'], ['城关小学', '孙小三', '其他重点关注学生'], ['龙阳中学', '孙小四', '建档立卡（脱贫）家庭学生'],
    ]);
  });
});

describe('callbackReport (003 五(三) 到位率、满意率)', () => {
  const cols = ['visits', 'calledBack', 'callbackShare', 'confirmed', 'confirmedRate', 'answered', 'satisfied', 'satisfiedRate', 'dissatisfied', 'pending'];

  it('computes 到位率 and 满意率 from the call-backs per school', async () => {
    const r = await report('callbackReport', YEAR, cols);
    expect(r.lines).toEqual([
      // v1 confirmed 非常满意, v2 denied, v4 confirmed 不满意, v3 not called.
      ['城关小学', 4, 3, 75, 2, 66.7, 2, 1, 50, 1, 1],
      // v6 confirmed 基本满意 (counts as satisfied); v5 and v9 not called; v7 is still out.
      ['龙阳中学', 3, 1, 33.3, 1, 100, 1, 1, 100, 0, 2],
    ]);
    expect(r.totalLine).toEqual(['合计', 7, 4, 57.1, 3, 75, 3, 2, 66.7, 1, 3]);
  });

  const sel = '{ count pool seed items { draw visitId student { name } visitor { name } form parentName phone } }';
  const md5Order = (seed: string, ids: string[]) =>
    [...ids].sort((x, y) => {
      const hx = createHash('md5').update(`${seed}:${x}`).digest('hex');
      const hy = createHash('md5').update(`${seed}:${y}`).digest('hex');
      return hx < hy ? -1 : hx > hy ? 1 : x < y ? -1 : 1;
    });

  it('draws from the visits not yet called back, the same list for the same seed', async () => {
    const pending = [c.visits.v3, c.visits.v5, c.visits.v9];
    const all = await list('callbackSample', { ...YEAR, sampleSize: 3, seed: '2025-03-14-甲' }, sel);
    expect(all.data.r.pool).toBe(3);
    expect(all.data.r.items.map((i: any) => i.visitId)).toEqual(md5Order('2025-03-14-甲', pending));
    const two = await list('callbackSample', { ...YEAR, sampleSize: 2, seed: '2025-03-14-甲' }, sel);
    expect(two.data.r.items.map((i: any) => i.visitId)).toEqual(md5Order('2025-03-14-甲', pending).slice(0, 2));
    // Without a size a tenth, rounded up; without a seed the day's, so two clerks get the same one.
    const byDay = await list('callbackSample', YEAR, sel);
    expect(byDay.data.r).toMatchObject({ count: 1, seed: '2025-03-14' });
    expect(byDay.data.r.items.map((i: any) => i.visitId)).toEqual(md5Order('2025-03-14', pending).slice(0, 1));
    const again = await list('callbackSample', YEAR, sel, c.users.AID_OFFICER);
    expect(again.data.r.items.map((i: any) => i.visitId)).toEqual(byDay.data.r.items.map((i: any) => i.visitId));
  });

  it('gives the clerk whom to call: the parent met, else the guardian, as the role may read it', async () => {
    const res = await list('callbackSample', { ...YEAR, sampleSize: 3 }, sel);
    const byVisit = Object.fromEntries(res.data.r.items.map((i: any) => [i.visitId, i]));
    expect(byVisit[c.visits.v3]).toMatchObject({ parentName: '孙大妈', phone: '13700002222', form: 'SMS', student: { name: '孙小三' }, visitor: { name: '李班主任' } });
    expect(byVisit[c.visits.v9]).toMatchObject({ parentName: null, phone: null });
    const analyst = await list('callbackSample', { ...YEAR, sampleSize: 3 }, sel, c.users.ANALYST);
    const masked = analyst.data.r.items.find((i: any) => i.visitId === c.visits.v3);
    expect(masked.phone).toBe('137****2222');
    expect(masked.parentName).toBe('孙*妈');
    const school = await list('callbackSample', { ...YEAR, sampleSize: 3 }, sel, c.users.SCHOOL_ADMIN);
    expect(school.data.r.items.map((i: any) => i.visitId)).toEqual([c.visits.v3]);
  });

  it('refuses a bad sample size, teachers, and lists for tokens', async () => {
    const zero = await list('callbackSample', { ...YEAR, sampleSize: 0 }, sel);
    expect(zero.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sampleSize' });
    const big = await download('callbackReport', 'schoolYear=2024-2025&sampleSize=abc');
    expect(big.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sampleSize' });
    const teacher = await report('callbackReport', YEAR, ['visits'], c.users.TEACHER);
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const token = await list('callbackSample', YEAR, sel, c.users.INTEGRATION);
    expect(token.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('downloads the figures, the call-backs per teacher and the drawn list', async () => {
    const x = await download('callbackReport', 'schoolYear=2024-2025&asOf=2025-03-14&sampleSize=2&seed=s1');
    expect(x.book!.worksheets.map((s) => s.name)).toEqual(['家访回访核查统计表', '各教师回访情况', '回访抽样名单']);
    expect(x.rows!(x.book!.worksheets[0]).find((r) => r[1] === '合计')).toEqual([null, '合计', 7, 4, 57.1, 3, 75, 3, 2, 66.7, 1, 3]);
    const teachers = x.rows!(x.book!.worksheets[1]);
    // Lowest 到位率 first: 李 50%.
    expect(teachers[1].slice(1, 3)).toEqual(['城关小学', '李班主任']);
    expect(teachers[1].slice(-6)).toEqual([2, 1, 50, 1, 0, 0]);
    const drawn = x.rows!(x.book!.worksheets[2]);
    const ids = md5Order('s1', [c.visits.v3, c.visits.v5, c.visits.v9]).slice(0, 2);
    const names: Record<string, string> = { [c.visits.v3]: '孙小三', [c.visits.v5]: '孙小四', [c.visits.v9]: '孙小六' };
    expect(drawn.slice(1, 3).map((r) => r[2])).toEqual(ids.map((id) => names[id]));
    expect(String(drawn[3][0])).toContain('抽样种子：s1');
  });

  it('takes a visit called back out of the pool', async () => {
    await app.ok('mutation ($id: ID!) { reviewVisit(id: $id, callbackConfirmed: true, satisfaction: SATISFIED) { id } }', { id: c.visits.v3 }, c.users.SCHOOL_ADMIN);
    const res = await list('callbackSample', { ...YEAR, sampleSize: 3 }, sel);
    expect(res.data.r.pool).toBe(2);
    expect(res.data.r.items.map((i: any) => i.visitId)).not.toContain(c.visits.v3);
    const r = await report('callbackReport', YEAR, cols);
    expect(r.lines[0]).toEqual(['城关小学', 4, 4, 100, 3, 75, 3, 2, 66.7, 1, 0]);
  });
});
