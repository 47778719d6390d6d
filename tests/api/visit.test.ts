import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { count, createRoster } from '../support/roster';

let app: TestApp;
let token: string;
let r: Awaited<ReturnType<typeof createRoster>>;
const gql = (q: string, v?: Record<string, unknown>) => app.gql(q, v, token);
const ok = (q: string, v?: Record<string, unknown>) => app.ok(q, v, token);
const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

const PLAN = `mutation ($s: ID!, $t: ID!, $form: VisitForm!, $address: String, $at: DateTimeISO, $back: DateTimeISO, $status: VisitStatus, $purpose: VisitPurpose, $case: ID,
  $fam: String, $stu: String, $key: String, $eff: String) {
  createVisitRecord(studentId: $s, visitorId: $t, form: $form, address: $address, plannedAt: $at, expectedReturnAt: $back, status: $status, purpose: $purpose,
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
    const res = await gql(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', address: '城关街道东村3组', at: hours(1) });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedReturnAt', rule: 'SAFETY_REPORT' });
    const back = await gql(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', address: '东村', at: hours(2), back: hours(1) });
    expect(back.errors?.[0].extensions).toMatchObject({ field: 'expectedReturnAt', rule: 'SAFETY_REPORT' });
    const skip = await gql(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', address: '东村', at: hours(1), back: hours(3), status: 'COMPLETED', ...CONTENT });
    expect(skip.errors?.[0].extensions).toMatchObject({ field: 'status', rule: 'SAFETY_REPORT_FIRST' });
    expect(await count(app, 'visit_record')).toBe(0);
  });

  it('walks PLANNED → DEPARTED → COMPLETED → REVIEWED, only forward, stamping time and user', async () => {
    const planned = (await ok(PLAN, { s: r.students[0], t: r.staff[0], form: 'IN_PERSON', address: '城关街道东村3组', at: hours(1), back: hours(4) })).createVisitRecord;
    expect(planned.status).toBe('PLANNED');
    const early = await gql('mutation ($id: ID!) { completeVisit(id: $id, keyPoints: "x") { id } }', { id: planned.id });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'VISIT_TRANSITION' });
    const statusEdit = await gql('mutation ($id: ID!) { updateVisitRecord(id: $id, version: 1, status: REVIEWED) { id } }', { id: planned.id });
    expect(statusEdit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status', rule: 'READ_ONLY' });

    const departed = (await ok('mutation ($id: ID!) { departVisit(id: $id, version: 1) { status departedAt departedBy { username } version } }', { id: planned.id })).departVisit;
    expect(departed.status).toBe('DEPARTED');
    expect(Date.now() - Date.parse(departed.departedAt)).toBeLessThan(60_000);
    expect(departed.departedBy.username).toMatch(/^admin_/);
    const again = await gql('mutation ($id: ID!) { departVisit(id: $id) { id } }', { id: planned.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'VISIT_TRANSITION' });

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
    const late = (await ok(PLAN, { s: r.students[2], t: r.staff[2], form: 'IN_PERSON', address: '龙阳镇西村', at: hours(-3), back: hours(-1) })).createVisitRecord;
    const onTime = (await ok(PLAN, { s: r.students[3], t: r.staff[2], form: 'IN_PERSON', address: '龙阳镇北村', at: hours(-1), back: hours(2) })).createVisitRecord;
    const notLeft = (await ok(PLAN, { s: r.students[3], t: r.staff[1], form: 'IN_PERSON', address: '龙阳镇北村', at: hours(-5), back: hours(-4) })).createVisitRecord;
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

describe('care checks', () => {
  it('allows one per student, kind and day', async () => {
    const add = 'mutation ($s: ID!, $t: ID!, $d: LocalDate!) { createCareCheck(studentId: $s, kind: DAILY_ASK, date: $d, staffId: $t, note: "情绪稳定") { id } }';
    await ok(add, { s: r.students[0], t: r.staff[0], d: '2024-10-08' });
    const dup = await gql(add, { s: r.students[0], t: r.staff[1], d: '2024-10-08' });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'date', rule: 'ONE_CARE_CHECK_PER_DAY' });
    await ok(add, { s: r.students[0], t: r.staff[0], d: '2024-10-09' });
    await ok('mutation ($s: ID!, $t: ID!) { createCareCheck(studentId: $s, kind: WEEKLY_MEET, date: "2024-10-08", staffId: $t) { id } }', { s: r.students[0], t: r.staff[2] });
    expect(await count(app, 'care_check')).toBe(3);
  });
});
