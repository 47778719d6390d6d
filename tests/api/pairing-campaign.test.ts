import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { count, createRoster } from '../support/roster';

let app: TestApp;
let token: string;
let r: Awaited<ReturnType<typeof createRoster>>;
const gql = (q: string, v?: Record<string, unknown>) => app.gql(q, v, token);
const ok = (q: string, v?: Record<string, unknown>) => app.ok(q, v, token);

beforeAll(async () => {
  app = await startTestApp();
  const b = await createBureau(app.orm);
  token = await app.login(b.username, FIXTURE_PASSWORD);
  r = await createRoster(app, token);
});
afterAll(() => app.close());

const CREATE_PAIRING = `mutation ($mode: PairingMode!, $h: [ID!], $s: [ID!]) {
  createPairing(mode: $mode, helperIds: $h, studentIds: $s, supportTypes: [STUDY, MORAL], plan: "每周两次课后辅导", startDate: "2024-09-01") {
    id mode helperIds studentIds helpers { name } students { name } supportTypes status } }`;

describe('pairings: the mode agrees with the counts', () => {
  it('refuses 一帮一 with two students, naming studentIds, and writes nothing', async () => {
    const res = await gql(CREATE_PAIRING, { mode: 'ONE_TO_ONE', h: [r.staff[0]], s: r.students.slice(0, 2) });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'studentIds', rule: 'PAIRING_MODE_COUNTS' });
    expect(await count(app, 'pairing')).toBe(0);
    expect(await count(app, 'pairing_students')).toBe(0);
  });

  it('refuses 多帮一 with one helper and 一帮多 with one student', async () => {
    const many = await gql(CREATE_PAIRING, { mode: 'MANY_TO_ONE', h: [r.staff[0]], s: [r.students[0]] });
    expect(many.errors?.[0].extensions).toMatchObject({ field: 'helperIds', rule: 'PAIRING_MODE_COUNTS' });
    const oneToMany = await gql(CREATE_PAIRING, { mode: 'ONE_TO_MANY', h: [r.staff[0]], s: [r.students[0]] });
    expect(oneToMany.errors?.[0].extensions).toMatchObject({ field: 'studentIds', rule: 'PAIRING_MODE_COUNTS' });
    const none = await gql(CREATE_PAIRING, { mode: 'ONE_TO_ONE', h: [], s: [r.students[0]] });
    expect(none.errors?.[0].extensions).toMatchObject({ field: 'helperIds', rule: 'REQUIRED' });
    expect(await count(app, 'pairing')).toBe(0);
  });

  it('creates each mode with its helpers and students, and filters by either', async () => {
    const one = await ok(CREATE_PAIRING, { mode: 'ONE_TO_ONE', h: [r.staff[0]], s: [r.students[0]] });
    expect(one.createPairing).toMatchObject({ mode: 'ONE_TO_ONE', helperIds: [r.staff[0]], studentIds: [r.students[0]], helpers: [{ name: '李老师1' }], status: 'ACTIVE' });
    const group = await ok(CREATE_PAIRING, { mode: 'ONE_TO_MANY', h: [r.staff[1]], s: r.students.slice(1, 4) });
    expect(group.createPairing.students.map((s: { name: string }) => s.name).sort()).toEqual(['学生丁1', '学生丙1', '学生乙1']);
    const many = await ok(CREATE_PAIRING, { mode: 'MANY_TO_ONE', h: [r.staff[1], r.staff[2]], s: [r.students[3]] });
    expect(many.createPairing.helperIds.sort()).toEqual([r.staff[1], r.staff[2]].sort());

    const byStudent = await ok('query ($s: [ID!]) { allPairings(filter: { studentIds: $s }) { mode } }', { s: [r.students[3]] });
    expect(byStudent.allPairings.map((p: { mode: string }) => p.mode).sort()).toEqual(['MANY_TO_ONE', 'ONE_TO_MANY']);
    const byHelper = await ok('query ($h: [ID!]) { _allPairingsMeta(filter: { helperIds: $h }) { count } }', { h: [r.staff[1]] });
    expect(byHelper._allPairingsMeta.count).toBe(2);

    // Changing the mode without the counts to match is refused; with them it is accepted.
    const bad = await gql('mutation ($id: ID!) { updatePairing(id: $id, version: 1, mode: ONE_TO_MANY) { id } }', { id: one.createPairing.id });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'PAIRING_MODE_COUNTS' });
    const good = await ok('mutation ($id: ID!, $s: [ID!]) { updatePairing(id: $id, version: 1, mode: ONE_TO_MANY, studentIds: $s) { studentIds } }', { id: one.createPairing.id, s: r.students.slice(0, 2) });
    expect(good.updatePairing.studentIds.sort()).toEqual(r.students.slice(0, 2).sort());
    expect(await count(app, 'pairing_students')).toBe(2 + 3 + 1);
  });

  it('loads helpers, students and their latest visits for many pairings with a constant number of statements', async () => {
    const q = '{ allPairings { helpers { name } students { name latestVisit { status } visitCounts { completed } } } }';
    const few = await app.countStatements(() => ok(q));
    for (let i = 0; i < 6; i++) await ok(CREATE_PAIRING, { mode: 'ONE_TO_MANY', h: [r.staff[i % 3]], s: r.students.slice(0, 3) });
    let data: any;
    const more = await app.countStatements(async () => (data = await ok(q)));
    expect(data.allPairings).toHaveLength(9);
    expect(more).toBe(few);
  });
});

describe('campaign rosters: one assigned visitor per student', () => {
  it('refuses a second visitor for the same student in a campaign and names the first', async () => {
    const campaign = (await ok('mutation { createCampaign(name: "2024年万名教师大家访", kind: COVERAGE, schoolYear: "2024-2025", startDate: "2024-09-02", endDate: "2024-12-31") { id } }')).createCampaign.id;
    const assign = 'mutation ($c: ID!, $s: ID!, $t: ID!) { createRosterEntry(campaignId: $c, studentId: $s, assignedStaffId: $t, priority: HIGH, reason: "留守儿童") { id assignedStaff { name } } }';
    const first = await ok(assign, { c: campaign, s: r.students[0], t: r.staff[0] });
    expect(first.createRosterEntry.assignedStaff.name).toBe('李老师1');
    const second = await gql(assign, { c: campaign, s: r.students[0], t: r.staff[1] });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'studentId', rule: 'ONE_VISITOR_PER_CAMPAIGN', assignedStaffName: '李老师1', existingId: first.createRosterEntry.id });
    expect(second.errors?.[0].message).toContain('李老师1');
    expect(await count(app, 'roster_entry')).toBe(1);
    // Moving an entry onto a student who already has one is refused the same way.
    const other = await ok(assign, { c: campaign, s: r.students[1], t: r.staff[1] });
    const moved = await gql('mutation ($id: ID!, $s: ID!) { updateRosterEntry(id: $id, version: 1, studentId: $s) { id } }', { id: other.createRosterEntry.id, s: r.students[0] });
    expect(moved.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'ONE_VISITOR_PER_CAMPAIGN' });
    const roster = await ok('query ($id: ID!) { Campaign(id: $id) { roster { student { name } assignedStaff { name } } } }', { id: campaign });
    expect(roster.Campaign.roster).toHaveLength(2);
  });

  it('takes a campaign visit from the assigned teacher (or with them along) only, and from one visitor when no one is assigned', async () => {
    const c = await createRoster(app, token, 'campaign-visits');
    const campaign = (await ok('mutation { createCampaign(name: "2024年秋季大家访", kind: COVERAGE, schoolYear: "2024-2025", startDate: "2024-09-02", endDate: "2025-01-31") { id } }')).createCampaign.id;
    await ok('mutation ($c: ID!, $s: ID!, $t: ID!) { createRosterEntry(campaignId: $c, studentId: $s, assignedStaffId: $t) { id } }', { c: campaign, s: c.students[0], t: c.staff[0] });
    const visit = `mutation ($c: ID!, $s: ID!, $t: ID!, $with: [ID!]) { createVisitRecord(campaignId: $c, studentId: $s, visitorId: $t, companionIds: $with, form: PHONE) { id } }`;
    const before = await count(app, 'visit_record');
    const stranger = await gql(visit, { c: campaign, s: c.students[0], t: c.staff[1] });
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'visitorId', rule: 'ONE_VISITOR_PER_CAMPAIGN', assignedStaffId: c.staff[0], assignedStaffName: '李老师campaign-visits' });
    expect(await count(app, 'visit_record')).toBe(before);
    await ok(visit, { c: campaign, s: c.students[0], t: c.staff[0] });
    // A colleague may file it when the assigned teacher went along.
    await ok(visit, { c: campaign, s: c.students[0], t: c.staff[1], with: [c.staff[0]] });
    // Nobody assigned: the first visitor keeps the student for the campaign.
    const first = (await ok(visit, { c: campaign, s: c.students[1], t: c.staff[1] })).createVisitRecord.id;
    const cross = await gql(visit, { c: campaign, s: c.students[1], t: c.staff[2] });
    expect(cross.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'visitorId', rule: 'ONE_VISITOR_PER_CAMPAIGN', existingId: first });
    // Moving a visit to someone else by an edit is refused the same way; reassigning the roster is the way.
    const edit = await gql('mutation ($id: ID!, $t: ID!) { updateVisitRecord(id: $id, version: 1, visitorId: $t) { id } }', { id: first, t: c.staff[2] });
    expect(edit.errors).toBeUndefined(); // the only visit of the student: the visitor may still be corrected
    const assigned = (await ok('mutation ($c: ID!, $s: ID!, $t: ID!) { createRosterEntry(campaignId: $c, studentId: $s, assignedStaffId: $t) { id version } }', { c: campaign, s: c.students[2], t: c.staff[0] })).createRosterEntry;
    const v = (await ok(visit, { c: campaign, s: c.students[2], t: c.staff[0] })).createVisitRecord.id;
    const moved = await gql('mutation ($id: ID!, $t: ID!) { updateVisitRecord(id: $id, version: 1, visitorId: $t) { id } }', { id: v, t: c.staff[2] });
    expect(moved.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'ONE_VISITOR_PER_CAMPAIGN' });
    await ok('mutation ($id: ID!, $v: Int!, $t: ID!) { updateRosterEntry(id: $id, version: $v, assignedStaffId: $t) { id } }', { id: assigned.id, v: assigned.version, t: c.staff[2] });
    await ok('mutation ($id: ID!, $t: ID!) { updateVisitRecord(id: $id, version: 1, visitorId: $t) { id } }', { id: v, t: c.staff[2] });
  });

  it('refuses a campaign that ends before it starts', async () => {
    const res = await gql('mutation { createCampaign(name: "x", kind: REVISIT, schoolYear: "2024-2025", startDate: "2024-10-01", endDate: "2024-09-01") { id } }');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endDate', rule: 'PERIOD_ORDER' });
  });
});
