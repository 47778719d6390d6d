import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { count, createRoster } from '../support/roster';

let app: TestApp;
let token: string;
let r: Awaited<ReturnType<typeof createRoster>>;
const gql = (q: string, v?: Record<string, unknown>) => app.gql(q, v, token);
const ok = (q: string, v?: Record<string, unknown>) => app.ok(q, v, token);
const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

const PLAN = `mutation ($s: ID!, $t: ID!, $form: VisitForm!, $transport: VisitTransport, $address: String, $at: DateTimeISO, $back: DateTimeISO, $status: VisitStatus, $purpose: VisitPurpose, $case: ID,
  $fam: String, $stu: String, $key: String, $eff: String) {
  createVisitRecord(studentId: $s, visitorId: $t, form: $form, transport: $transport, address: $address, plannedAt: $at, expectedReturnAt: $back, status: $status, purpose: $purpose,
    dropoutCaseId: $case, familySituation: $fam, studentSituation: $stu, keyPoints: $key, effect: $eff) { id status version completedAt overdue } }`;
const CONTENT = { fam: '父母在外务工，与祖父母同住', stu: '成绩中等，性格内向', key: '宣传资助政策，交流学习情况', eff: '家长表示支持学校工作' };

beforeAll(async () => {
  app = await startTestApp();
  const b = await createBureau(app.orm);
  token = await app.login(b.username, FIXTURE_PASSWORD);
  r = await createRoster(app, token);
});
afterAll(() => app.close());

describe('visit lifecycle with the safety report', () => {
  it('needs address, departure and expected return for an in-person visit, and writes nothing otherwise', async () => {
    const res = await gql(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', transport: 'SCHOOL_VEHICLE', address: '城关街道东村3组', at: hours(1) });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedReturnAt', rule: 'SAFETY_REPORT' });
    const back = await gql(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', transport: 'SCHOOL_VEHICLE', address: '东村', at: hours(2), back: hours(1) });
    expect(back.errors?.[0].extensions).toMatchObject({ field: 'expectedReturnAt', rule: 'SAFETY_REPORT' });
    const noTransport = await gql(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', address: '东村', at: hours(1), back: hours(3) });
    expect(noTransport.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'transport', rule: 'SAFETY_REPORT' });
    const skip = await gql(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', transport: 'SCHOOL_VEHICLE', address: '东村', at: hours(1), back: hours(3), status: 'COMPLETED', ...CONTENT });
    expect(skip.errors?.[0].extensions).toMatchObject({ field: 'status', rule: 'SAFETY_REPORT_FIRST' });
    expect(await count(app, 'visit_record')).toBe(0);
  });

  it('walks PLANNED → DEPARTED → COMPLETED → REVIEWED, only forward, stamping time and user', async () => {
    const planned = (await ok(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', transport: 'SCHOOL_VEHICLE', address: '城关街道东村3组', at: hours(1), back: hours(4) })).createVisitRecord;
    expect(planned.status).toBe('PLANNED');
    const early = await gql('mutation ($id: ID!) { completeVisit(id: $id, keyPoints: "x") { id } }', { id: planned.id });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'VISIT_TRANSITION', field: 'status', status: 'PLANNED', allowed: ['DEPARTED'] });
    // In Chinese: the state it is in and the one the step needs, never the raw value.
    expect(early.errors?.[0].message).toBe('家访记录当前为“已报备（待出发）”，不能完成（需要“已出发”）');
    const statusEdit = await gql('mutation ($id: ID!) { updateVisitRecord(id: $id, version: 1, status: REVIEWED) { id } }', { id: planned.id });
    expect(statusEdit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status', rule: 'READ_ONLY' });

    const departed = (await ok('mutation ($id: ID!) { departVisit(id: $id, version: 1) { status departedAt departedBy { username } version } }', { id: planned.id })).departVisit;
    expect(departed.status).toBe('DEPARTED');
    expect(Date.now() - Date.parse(departed.departedAt)).toBeLessThan(60_000);
    expect(departed.departedBy.username).toMatch(/^admin_/);
    const again = await gql('mutation ($id: ID!) { departVisit(id: $id) { id } }', { id: planned.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'VISIT_TRANSITION' });
    expect(again.errors?.[0].message).toBe('家访记录当前为“已出发”，不能出发（需要“已报备（待出发）”）');
    expect(again.errors?.[0].message).not.toMatch(/[A-Z]{4}/);

    const empty = await gql('mutation ($id: ID!) { completeVisit(id: $id, keyPoints: "只谈了学习") { id } }', { id: planned.id });
    expect((empty.errors?.[0].extensions?.problems as Array<{ field: string }>).map((p) => p.field)).toEqual(['familySituation', 'studentSituation', 'effect']);
    expect((await app.sql('select status, key_points from visit_record where id = ?', [planned.id]))[0]).toEqual({ status: 'DEPARTED', key_points: null });

    const done = (await ok(
      'mutation ($id: ID!, $fam: String, $stu: String, $key: String, $eff: String) { completeVisit(id: $id, familySituation: $fam, studentSituation: $stu, keyPoints: $key, effect: $eff, parentMetName: "王大山", parentMetPhone: "13800001111") { status returnedAt completedAt completedBy { username } parentMetName } }',
      { id: planned.id, ...CONTENT },
    )).completeVisit;
    expect(done).toMatchObject({ status: 'COMPLETED', parentMetName: '王大山' });
    expect(done.returnedAt).toBe(done.completedAt);

    const reviewed = (await ok('mutation ($id: ID!) { reviewVisit(id: $id, callbackConfirmed: true, satisfaction: VERY_SATISFIED) { status reviewedAt satisfaction callbackConfirmed } }', { id: planned.id })).reviewVisit;
    expect(reviewed).toMatchObject({ status: 'REVIEWED', satisfaction: 'VERY_SATISFIED', callbackConfirmed: true });
    const backwards = await gql('mutation ($id: ID!) { departVisit(id: $id) { id } }', { id: planned.id });
    expect(backwards.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('lets phone, SMS and online visits be recorded as completed directly, with their content', async () => {
    const phone = (await ok(PLAN, { s: r.students[1], t: r.staff[1], form: 'PHONE', status: 'COMPLETED', ...CONTENT })).createVisitRecord;
    expect(phone.status).toBe('COMPLETED');
    expect(phone.completedAt).toEqual(expect.any(String));
    const bare = await gql(PLAN, { s: r.students[1], t: r.staff[1], form: 'SMS', status: 'COMPLETED' });
    expect(bare.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'VISIT_CONTENT_REQUIRED' });
    const depart = await gql('mutation ($id: ID!) { departVisit(id: $id) { id } }', { id: phone.id });
    expect(depart.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'VISIT_NOT_TRAVELLING' });
    const online = (await ok(PLAN, { s: r.students[1], t: r.staff[1], form: 'ONLINE' })).createVisitRecord;
    const finished = await ok('mutation ($id: ID!, $fam: String, $stu: String, $key: String, $eff: String) { completeVisit(id: $id, familySituation: $fam, studentSituation: $stu, keyPoints: $key, effect: $eff) { status returnedAt } }', { id: online.id, ...CONTENT });
    expect(finished.completeVisit).toEqual({ status: 'COMPLETED', returnedAt: null });
  });

  it('shows an overdue visit at once, computed from the clock, and drops it on return', async () => {
    const late = (await ok(PLAN, { s: r.students[2], t: r.staff[2], form: 'IN_PERSON', transport: 'SCHOOL_VEHICLE', address: '龙阳镇西村', at: hours(-3), back: hours(-1) })).createVisitRecord;
    const onTime = (await ok(PLAN, { s: r.students[3], t: r.staff[2], form: 'IN_PERSON', transport: 'SCHOOL_VEHICLE', address: '龙阳镇北村', at: hours(-1), back: hours(2) })).createVisitRecord;
    const notLeft = (await ok(PLAN, { s: r.students[3], t: r.staff[1], form: 'IN_PERSON', transport: 'SCHOOL_VEHICLE', address: '龙阳镇北村', at: hours(-5), back: hours(-4) })).createVisitRecord;
    for (const v of [late, onTime]) await ok('mutation ($id: ID!) { departVisit(id: $id) { id } }', { id: v.id });

    const overdue = await ok('query ($s: ID) { overdueVisits(schoolId: $s) { id overdue address student { name } visitor { name } } }', { s: r.school });
    expect(overdue.overdueVisits).toEqual([{ id: late.id, overdue: true, address: '龙阳镇西村', student: { name: '学生丙1' }, visitor: { name: '赵校长1' } }]);
    const flags = await ok('query ($ids: [ID!]) { allVisitRecords(filter: { ids: $ids }) { id overdue } }', { ids: [onTime.id, notLeft.id] });
    expect(flags.allVisitRecords.every((v: { overdue: boolean }) => v.overdue === false)).toBe(true);

    await ok('mutation ($id: ID!, $fam: String, $stu: String, $key: String, $eff: String) { completeVisit(id: $id, familySituation: $fam, studentSituation: $stu, keyPoints: $key, effect: $eff) { id } }', { id: late.id, ...CONTENT });
    expect((await ok('{ overdueVisits { id } }')).overdueVisits).toEqual([]);
  });

  it('keeps a student\'s visit history with counts per school year and semester', async () => {
    const q = 'query ($id: ID!) { Student(id: $id) { visits { status form } visitCounts { schoolYear semester completed inPerson } latestVisit { form status } } }';
    const history = (await ok(q, { id: r.students[1] })).Student;
    expect(history.visits).toHaveLength(2);
    const now = new Date(Date.now() + 8 * 3600_000);
    const y = now.getUTCMonth() + 1 >= 9 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    const semester = now.getUTCMonth() + 1 >= 9 || now.getUTCMonth() === 0 ? 'FIRST' : 'SECOND';
    expect(history.visitCounts).toEqual([{ schoolYear: `${y}-${y + 1}`, semester, completed: 2, inPerson: 0 }]);
    expect(history.latestVisit.status).toBe('COMPLETED');
  });
});

describe('parent suggestions', () => {
  it('escalates what was not answered on the spot and keeps it open until a response', async () => {
    const visit = (await ok(PLAN, { s: r.students[0], t: r.staff[0], form: 'PHONE', status: 'COMPLETED', ...CONTENT })).createVisitRecord.id;
    const add = 'mutation ($v: ID!, $a: Boolean, $resp: String) { createParentSuggestion(visitId: $v, content: "希望增加课后服务时间", category: HOMEWORK, answeredOnSpot: $a, response: $resp) { id status resolvedAt version } }';
    const spot = await gql(add, { v: visit, a: true });
    expect(spot.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'response', rule: 'RESPONSE_REQUIRED' });
    const answered = (await ok(add, { v: visit, a: true, resp: '学校已安排延时服务' })).createParentSuggestion;
    expect(answered.status).toBe('RESOLVED');
    const escalated = (await ok(add, { v: visit, a: false })).createParentSuggestion;
    expect(escalated).toMatchObject({ status: 'ESCALATED', resolvedAt: null });
    expect((await ok('{ escalatedSuggestions { id } }')).escalatedSuggestions).toEqual([{ id: escalated.id }]);
    const statusEdit = await gql('mutation ($id: ID!) { updateParentSuggestion(id: $id, version: 1, status: RESOLVED) { id } }', { id: escalated.id });
    expect(statusEdit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' }); // not an argument at all
    const resolved = (await ok('mutation ($id: ID!, $h: ID) { resolveParentSuggestion(id: $id, response: "已与食堂协调", handlerId: $h) { status resolvedAt handler { name } } }', { id: escalated.id, h: r.staff[2] })).resolveParentSuggestion;
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.handler.name).toBe('赵校长1');
    expect(resolved.resolvedAt).toEqual(expect.any(String));
    expect((await ok('{ escalatedSuggestions { id } }')).escalatedSuggestions).toEqual([]);
    const twice = await gql('mutation ($id: ID!) { resolveParentSuggestion(id: $id, response: "again") { id } }', { id: escalated.id });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'SUGGESTION_RESOLVED' });
  });
});

describe('the 处理人 of a suggestion', () => {
  it('is whoever answers it, unless they name the colleague who handled it', async () => {
    // A principal's account linked to their staff record (赵校长).
    const [{ bureau_id: bureauId }] = await app.sql('select bureau_id from school where id = ?', [r.school]);
    const name = `principal_${Date.now()}`;
    await app.sql(
      `insert into "user" (id, version, created_at, updated_at, bureau_id, username, password_hash, role, school_id, staff_id, active)
       select gen_random_uuid(), 1, now(), now(), ?, ?, password_hash, 'SCHOOL_ADMIN', ?, ?, true from "user" where bureau_id = ? and role = 'BUREAU_ADMIN' limit 1`,
      [bureauId, name, r.school, r.staff[2], bureauId],
    );
    const principal = await app.login(name, FIXTURE_PASSWORD);
    const visit = (await ok(PLAN, { s: r.students[1], t: r.staff[1], form: 'PHONE', status: 'COMPLETED', ...CONTENT })).createVisitRecord.id;
    const add = 'mutation ($v: ID!) { createParentSuggestion(visitId: $v, content: "希望调整放学时间", category: MANAGEMENT, answeredOnSpot: false) { id } }';
    const resolve = 'mutation ($id: ID!, $h: ID) { resolveParentSuggestion(id: $id, response: "已调整", handlerId: $h) { handler { id } } }';
    const first = (await ok(add, { v: visit })).createParentSuggestion.id;
    expect((await app.ok(resolve, { id: first }, principal)).resolveParentSuggestion.handler).toEqual({ id: r.staff[2] });
    const second = (await ok(add, { v: visit })).createParentSuggestion.id;
    expect((await app.ok(resolve, { id: second, h: r.staff[0] }, principal)).resolveParentSuggestion.handler).toEqual({ id: r.staff[0] });
  });
});

describe('care checks', () => {
  it('allows one per student, kind and day', async () => {
    const add = 'mutation ($s: ID!, $t: ID!, $d: LocalDate!) { createCareCheck(studentId: $s, kind: DAILY_ASK, date: $d, staffId: $t, note: "情绪稳定") { id } }';
    const first = (await ok(add, { s: r.students[0], t: r.staff[0], d: '2024-10-08' })).createCareCheck.id;
    const dup = await gql(add, { s: r.students[0], t: r.staff[0], d: '2024-10-08' });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'date', rule: 'ONE_CARE_CHECK_PER_DAY', existingId: first });
    await ok(add, { s: r.students[0], t: r.staff[0], d: '2024-10-09' });
    expect(await count(app, 'care_check')).toBe(2);
  });

  it('takes 每日一问 from the class’s teachers and 每周一见 from the school’s principal or leaders only (001)', async () => {
    const add = (kind: string) => `mutation ($s: ID!, $t: ID!, $d: LocalDate!) { createCareCheck(studentId: $s, kind: ${kind}, date: $d, staffId: $t) { id } }`;
    const before = await count(app, 'care_check');
    // 王老师 teaches no lesson in the class: not theirs to ask.
    const notTheClass = await gql(add('DAILY_ASK'), { s: r.students[0], t: r.staff[1], d: '2024-10-10' });
    expect(notTheClass.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'staffId', rule: 'CARE_DAILY_BY_CLASS_TEACHER' });
    // The head teacher may not stand in for the principal's weekly meeting.
    const headTeacher = await gql(add('WEEKLY_MEET'), { s: r.students[0], t: r.staff[0], d: '2024-10-08' });
    expect(headTeacher.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'staffId', rule: 'CARE_WEEKLY_BY_LEADER' });
    expect(await count(app, 'care_check')).toBe(before);
    // Once 王老师 teaches a lesson in the class, the daily ask is theirs too (an id in capitals is the same id).
    const cls = (await app.sql('select version from school_class where id = ?', [r.cls]))[0];
    const taught = await ok('mutation ($id: ID!, $v: Int!, $t: [ID!]) { updateSchoolClass(id: $id, version: $v, teacherIds: $t) { teacherIds } }', { id: r.cls, v: cls.version, t: [r.staff[1].toUpperCase()] });
    expect(taught.updateSchoolClass.teacherIds).toEqual([r.staff[1]]);
    await ok(add('DAILY_ASK'), { s: r.students[1], t: r.staff[1], d: '2024-10-10' });
    await app.sql('delete from care_check where student_id = ? and date = ?', [r.students[1], '2024-10-10']);

    const principal = r.staff[2];
    const version = (await app.sql('select version from staff_member where id = ?', [principal]))[0].version;
    await ok('mutation ($id: ID!, $v: Int!) { updateStaffMember(id: $id, version: $v, position: PRINCIPAL) { id } }', { id: principal, v: version });
    await ok(add('WEEKLY_MEET'), { s: r.students[0], t: principal, d: '2024-10-08' });
    // A principal of another school is not this child's.
    const other = await createRoster(app, token, 'other-school');
    const otherVersion = (await app.sql('select version from staff_member where id = ?', [other.staff[2]]))[0].version;
    await ok('mutation ($id: ID!, $v: Int!) { updateStaffMember(id: $id, version: $v, position: PRINCIPAL) { id } }', { id: other.staff[2], v: otherVersion });
    const elsewhere = await gql(add('WEEKLY_MEET'), { s: r.students[0], t: other.staff[2], d: '2024-10-15' });
    expect(elsewhere.errors?.[0].extensions).toMatchObject({ field: 'staffId', rule: 'CARE_WEEKLY_BY_LEADER' });
    expect(await count(app, 'care_check')).toBe(before + 1);
  });
});

describe('家访时间: a visit entered late keeps the time it happened (002 附件3-1)', () => {
  const days = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
  const LATE = `mutation ($s: ID!, $t: ID!, $form: VisitForm!, $status: VisitStatus, $visitedAt: DateTimeISO, $fam: String, $stu: String, $key: String, $eff: String) {
    createVisitRecord(studentId: $s, visitorId: $t, form: $form, status: $status, visitedAt: $visitedAt,
      familySituation: $fam, studentSituation: $stu, keyPoints: $key, effect: $eff) { id visitedAt completedAt } }`;
  let mine: Awaited<ReturnType<typeof createRoster>>;
  beforeAll(async () => {
    mine = await createRoster(app, token, 'late');
  });
  const COMPLETE = `mutation ($id: ID!, $visitedAt: DateTimeISO, $fam: String, $stu: String, $key: String, $eff: String) {
    completeVisit(id: $id, visitedAt: $visitedAt, familySituation: $fam, studentSituation: $stu, keyPoints: $key, effect: $eff) { status visitedAt departedAt completedAt } }`;

  it('records a phone visit made ten days ago at that time, and the reports count it on that day', async () => {
    const phones = async (from: string, to: string) =>
      (await ok(`{ r: visitStatisticsReport(from: "${from}", to: "${to}") { total { phoneVisits } } }`)).r.total.phoneVisits as number;
    const tenDaysAgo = days(-10);
    const [day, today] = [chinaDay(tenDaysAgo), chinaDay(new Date().toISOString())];
    const [thatDayBefore, todayBefore] = [await phones(day, day), await phones(today, today)];
    const v = (await ok(LATE, { s: mine.students[0], t: mine.staff[0], form: 'PHONE', status: 'COMPLETED', visitedAt: tenDaysAgo, ...CONTENT })).createVisitRecord;
    expect(Date.parse(v.visitedAt)).toBe(Date.parse(tenDaysAgo));
    expect(Date.now() - Date.parse(v.completedAt)).toBeLessThan(60_000);
    const student = (await ok('query ($id: ID!) { Student(id: $id) { latestVisit { id visitedAt } } }', { id: mine.students[0] })).Student;
    expect(student.latestVisit).toEqual({ id: v.id, visitedAt: v.visitedAt });
    expect(await phones(day, day)).toBe(thatDayBefore + 1);
    expect(await phones(today, today)).toBe(todayBefore);
  });

  it('refuses a time in the future, further back than 30 days, or on a visit only planned, and writes nothing', async () => {
    const before = await count(app, 'visit_record');
    const future = await gql(LATE, { s: mine.students[0], t: mine.staff[0], form: 'PHONE', status: 'COMPLETED', visitedAt: days(1), ...CONTENT });
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'visitedAt', rule: 'VISIT_TIME_FUTURE' });
    const old = await gql(LATE, { s: mine.students[0], t: mine.staff[0], form: 'SMS', status: 'COMPLETED', visitedAt: days(-31), ...CONTENT });
    expect(old.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'visitedAt', rule: 'VISIT_TIME_TOO_OLD' });
    const planned = await gql(LATE, { s: mine.students[0], t: mine.staff[0], form: 'PHONE', visitedAt: days(-1) });
    expect(planned.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'visitedAt', rule: 'VISIT_TIME_ON_COMPLETION' });
    expect(await count(app, 'visit_record')).toBe(before);
  });

  it('takes the departure as the time of a visit at home unless given, never before the departure', async () => {
    const plan = async () => {
      const p = (await ok(PLAN, { s: mine.students[1], t: mine.staff[1], form: 'IN_PERSON', transport: 'SCHOOL_VEHICLE', address: '东村', at: hours(-3), back: hours(-1) })).createVisitRecord;
      return (await ok('mutation ($id: ID!) { departVisit(id: $id) { id departedAt } }', { id: p.id })).departVisit as { id: string; departedAt: string };
    };
    const first = await plan();
    const done = (await ok(COMPLETE, { id: first.id, ...CONTENT })).completeVisit;
    expect(done.visitedAt).toBe(first.departedAt);

    const second = await plan();
    const early = await gql(COMPLETE, { id: second.id, visitedAt: days(-2), ...CONTENT });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'visitedAt', rule: 'VISIT_TIME_BEFORE_DEPARTURE' });
    expect((await app.sql('select status, visited_at from visit_record where id = ?', [second.id]))[0]).toEqual({ status: 'DEPARTED', visited_at: null });
    const given = new Date(Date.parse(second.departedAt) + 1000).toISOString();
    expect(Date.parse((await ok(COMPLETE, { id: second.id, visitedAt: given, ...CONTENT })).completeVisit.visitedAt)).toBe(Date.parse(given));
  });
});

describe('workflow steps in the resource metadata', () => {
  it("names each step's mutation and the states it starts from, as the resolvers check them", async () => {
    const { resources } = await ok('{ resources { name actions { mutation label operation from { field values } } } }');
    const of = (name: string) => resources.find((r: { name: string }) => r.name === name).actions;
    expect(of('VisitRecord')).toEqual([
      { mutation: 'departVisit', label: '出发', operation: 'update', from: [[{ field: 'status', values: ['PLANNED'] }, { field: 'form', values: ['IN_PERSON'] }]] },
      {
        mutation: 'completeVisit',
        label: '完成',
        operation: 'update',
        from: [
          [{ field: 'status', values: ['DEPARTED'] }, { field: 'form', values: ['IN_PERSON'] }],
          [{ field: 'status', values: ['PLANNED'] }, { field: 'form', values: expect.arrayContaining(['PHONE']) }],
        ],
      },
      { mutation: 'reviewVisit', label: '审核', operation: 'review', from: [[{ field: 'status', values: ['COMPLETED'] }]] },
    ]);
    // The case's steps come from the transitions the workflow enforces.
    expect(of('DropoutCase').map((a: { mutation: string; from: Array<Array<{ values: string[] }>> }) => [a.mutation, a.from[0][0].values])).toEqual([
      ['verifyDropoutCase', ['SUSPECTED']],
      ['confirmDropoutCase', ['VERIFYING']],
      ['persuadeDropoutCase', ['CONFIRMED_DROPOUT']],
      ['returnDropoutCase', ['CONFIRMED_DROPOUT', 'PERSUADING']],
      ['closeDropoutCase', ['SUSPECTED', 'VERIFYING']],
    ]);
    // The create form's suggestions: the teacher herself, departure now, back in two hours, the student's address.
    const fields = (await ok('{ resources { name fields { name suggest } } }')).resources.find((r: { name: string }) => r.name === 'VisitRecord').fields as Array<{ name: string; suggest: string | null }>;
    expect(Object.fromEntries(fields.filter((f) => f.suggest).map((f) => [f.name, f.suggest]))).toEqual({
      visitorId: 'viewer.staff',
      address: 'student.address',
      plannedAt: 'now',
      expectedReturnAt: 'now+2h',
    });
    // Every declared step is a mutation of the schema taking the record's id.
    const { __schema } = await ok('{ __schema { mutationType { fields { name args { name } } } } }');
    const mutations = new Map(__schema.mutationType.fields.map((f: { name: string; args: Array<{ name: string }> }) => [f.name, f.args.map((a) => a.name)]));
    for (const r of resources) for (const a of r.actions) expect([a.mutation, mutations.get(a.mutation)]).toEqual([a.mutation, expect.arrayContaining(['id', 'version'])]);
  });
});

