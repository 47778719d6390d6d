import { useCounty } from '../support/county';
import { count } from '../support/roster';

// 000 五(一) "从本校摸底的困难学生汇总表中直接筛选": a campaign's roster in one step, under the
// one-visitor rule, and from a spreadsheet.

const t = useCounty();
const admin = (q: string, v?: Record<string, unknown>) => t.app.ok(q, v, t.county.users.BUREAU_ADMIN);

const GENERATE = `mutation ($c: ID!, $a: RosterAssignee!, $cats: [FocusCategory!], $s: [ID!], $dry: Boolean) {
  generateRoster(campaignId: $c, assignTo: $a, categories: $cats, schoolIds: $s, dryRun: $dry) {
    dryRun created skippedCount
    entries { rosterEntryId studentId student { name } assignedStaffId assignedStaff { name } reason }
    skipped { studentId reason rosterEntryId } } }`;

let serial = 0;
async function campaign(targets = '[REGISTERED_POOR]'): Promise<string> {
  const name = `2024年秋季大家访${++serial}`;
  return (await admin(`mutation ($n: String!) { createCampaign(name: $n, kind: COVERAGE, schoolYear: "2024-2025", startDate: "2024-09-02", endDate: "2025-01-31", targetCategories: ${targets}) { id } }`, { n: name })).createCampaign.id;
}
const byStudent = (list: Array<{ studentId: string }>): Record<string, any> => Object.fromEntries(list.map((x) => [x.studentId, x]));

describe('generateRoster', () => {
  it('previews, then assigns each focus student to their head teacher and says why the others were skipped', async () => {
    const { students: s, staff } = t.county;
    const c = await campaign();
    const dry = (await admin(GENERATE, { c, a: 'HEAD_TEACHER', dry: true })).generateRoster;
    expect(dry).toMatchObject({ dryRun: true, created: 0, skippedCount: 2 });
    expect(await count(t.app, 'roster_entry')).toBe(0);
    const planned = byStudent(dry.entries);
    expect(Object.keys(planned).sort()).toEqual([s.s1, s.s2].sort());
    expect(planned[s.s1]).toMatchObject({ rosterEntryId: null, assignedStaffId: staff.teacherStaff, assignedStaff: { name: '李老师' }, reason: '建档立卡/脱贫家庭', student: { name: '张晓明' } });
    expect(planned[s.s2]).toMatchObject({ assignedStaffId: staff.otherStaff });
    // The kindergarten's class and school B's have no head teacher.
    expect(byStudent(dry.skipped)).toEqual({
      [s.s3]: { studentId: s.s3, reason: 'NO_HEAD_TEACHER', rosterEntryId: null },
      [s.s4]: { studentId: s.s4, reason: 'NO_HEAD_TEACHER', rosterEntryId: null },
    });

    const done = (await admin(GENERATE, { c, a: 'HEAD_TEACHER' })).generateRoster;
    expect(done).toMatchObject({ dryRun: false, created: 2, skippedCount: 2 });
    const stored = await t.app.sql('select student_id, assigned_staff_id, priority, reason from roster_entry where campaign_id = ? order by student_id', [c]);
    expect(stored).toEqual(
      [
        { student_id: s.s1, assigned_staff_id: staff.teacherStaff, priority: 'HIGH', reason: '建档立卡/脱贫家庭' },
        { student_id: s.s2, assigned_staff_id: staff.otherStaff, priority: 'HIGH', reason: '建档立卡/脱贫家庭' },
      ].sort((a, b) => a.student_id.localeCompare(b.student_id)),
    );
    expect(done.entries.every((e: any) => typeof e.rosterEntryId === 'string')).toBe(true);

    // Again: nobody gets a second visitor.
    const again = (await admin(GENERATE, { c, a: 'PAIRED_HELPER' })).generateRoster;
    expect(again.created).toBe(0);
    const skipped = byStudent(again.skipped);
    expect(skipped[s.s1]).toMatchObject({ reason: 'ALREADY_ON_ROSTER', rosterEntryId: done.entries.find((e: any) => e.studentId === s.s1).rosterEntryId });
    expect(skipped[s.s2].reason).toBe('ALREADY_ON_ROSTER');
    expect(await count(t.app, 'roster_entry')).toBe(2);
  });

  it('assigns paired helpers, leaves a student visited in the campaign with their visitor, and takes everyone with no categories', async () => {
    const { students: s, staff } = t.county;
    const paired = await campaign();
    const helpers = (await admin(GENERATE, { c: paired, a: 'PAIRED_HELPER' })).generateRoster;
    expect(helpers.entries.map((e: any) => [e.studentId, e.assignedStaffId])).toEqual([[s.s2, staff.teacherStaff]]);
    expect(helpers.skipped.map((x: any) => x.reason)).toEqual(['NO_PAIRED_HELPER', 'NO_PAIRED_HELPER', 'NO_PAIRED_HELPER']);

    const visited = await campaign('[]');
    await admin('mutation ($c: ID!, $s: ID!, $v: ID!) { createVisitRecord(campaignId: $c, studentId: $s, visitorId: $v, form: PHONE) { id } }', { c: visited, s: s.s1, v: staff.otherStaff });
    const plain = (await t.app.ok('mutation ($s: ID!, $c: ID!) { createStudent(name: "周小丽", gender: FEMALE, birthDate: "2015-03-02", schoolId: $s, classId: $c) { id } }', { s: t.county.schools.A, c: t.county.classes.A1 }, t.county.users.BUREAU_ADMIN)).createStudent.id;
    const all = (await admin(GENERATE, { c: visited, a: 'HEAD_TEACHER', cats: [] })).generateRoster;
    expect(byStudent(all.skipped)[s.s1].reason).toBe('VISITED_BY_ANOTHER');
    const entries = byStudent(all.entries);
    expect(entries[plain]).toMatchObject({ assignedStaffId: staff.teacherStaff, reason: '全员覆盖家访' });
    expect((await t.app.sql('select priority from roster_entry where campaign_id = ? and student_id = ?', [visited, plain]))[0].priority).toBe('NORMAL');
  });

  it('keeps a school admin to their schools and refuses teachers, bad ids and unknown categories, writing nothing', async () => {
    const c = await campaign();
    const before = await count(t.app, 'roster_entry');
    const sa = (v: Record<string, unknown>) => t.app.gql(GENERATE, v, t.county.users.SCHOOL_ADMIN);
    const other = await sa({ c, a: 'HEAD_TEACHER', s: [t.county.schools.B] });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const own = await sa({ c, a: 'HEAD_TEACHER', dry: true });
    expect(own.errors).toBeUndefined();
    const seen = [...own.data.generateRoster.entries, ...own.data.generateRoster.skipped].map((x: any) => x.studentId);
    expect(seen).not.toContain(t.county.students.s4);
    expect(seen).toContain(t.county.students.s3); // the attached kindergarten is theirs

    // A bureau clerk narrows to one school.
    const one = (await admin(GENERATE, { c, a: 'HEAD_TEACHER', s: [t.county.schools.B], dry: true })).generateRoster;
    expect([...one.entries, ...one.skipped].map((x: any) => x.studentId)).toEqual([t.county.students.s4]);
    const teacher = await t.app.gql(GENERATE, { c, a: 'HEAD_TEACHER' }, t.county.users.TEACHER);
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badId = await t.app.gql(GENERATE, { c: 'not-an-id', a: 'HEAD_TEACHER' }, t.county.users.BUREAU_ADMIN);
    expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId' });
    const badSchool = await t.app.gql(GENERATE, { c, a: 'HEAD_TEACHER', s: ['x'] }, t.county.users.BUREAU_ADMIN);
    expect(badSchool.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolIds' });
    const badCategory = await t.app.gql(GENERATE, { c, a: 'HEAD_TEACHER', cats: ['RICH'] }, t.county.users.BUREAU_ADMIN);
    expect(badCategory.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count(t.app, 'roster_entry')).toBe(before);
  });

  it('leaves a helper at another school to the bureau when a principal generates', async () => {
    const c = await campaign();
    const far = (await admin('mutation ($s: ID!) { createStaffMember(name: "远老师", schoolId: $s, position: TEACHER) { id } }', { s: t.county.schools.B })).createStaffMember.id;
    await admin('mutation ($h: [ID!], $s: [ID!]) { createPairing(mode: ONE_TO_ONE, helperIds: $h, studentIds: $s, startDate: "2024-09-01") { id } }', { h: [far], s: [t.county.students.s1] });
    const res = (await t.app.ok(GENERATE, { c, a: 'PAIRED_HELPER', dry: true }, t.county.users.SCHOOL_ADMIN)).generateRoster;
    expect(byStudent(res.skipped)[t.county.students.s1].reason).toBe('STAFF_OUT_OF_REACH');
    expect(res.entries.map((e: any) => [e.studentId, e.assignedStaffId])).toEqual([[t.county.students.s2, t.county.staff.teacherStaff]]);
    const bureau = (await admin(GENERATE, { c, a: 'PAIRED_HELPER', dry: true })).generateRoster;
    expect(byStudent(bureau.entries)[t.county.students.s1].assignedStaffId).toBe(far);
  });

  it('gives each student one visitor when two clerks generate at once', async () => {
    const c = await campaign();
    const runs = await Promise.all([0, 1, 2].map((i) => t.app.gql(GENERATE, { c, a: i === 1 ? 'PAIRED_HELPER' : 'HEAD_TEACHER' }, t.county.users.BUREAU_ADMIN)));
    for (const r of runs) if (r.errors) expect(r.errors[0].extensions).toMatchObject({ code: 'CONFLICT' });
    expect(runs.some((r) => !r.errors && r.data.generateRoster.created > 0)).toBe(true);
    const rows = await t.app.sql('select student_id, count(*)::int as n from roster_entry where campaign_id = ? group by student_id', [c]);
    expect(rows.every((r: any) => r.n === 1)).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });
});

describe('roster import', () => {
  it('takes a roster from a spreadsheet, and a second file reassigns a student instead of adding a visitor', async () => {
    const c = await campaign();
    const [{ name }] = await t.app.sql('select name from campaign where id = ?', [c]);
    const [{ id_number: s1Id }] = await t.app.sql('select id_number from student where id = ?', [t.county.students.s1]);
    const send = (csv: string) =>
      fetch(`${t.app.url}/import/RosterEntry?mode=ALL_OR_NOTHING`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${t.county.users.BUREAU_ADMIN}` }, body: csv }).then(async (r) => {
        const lines = (await r.text()).trim().split('\n').map((l) => JSON.parse(l));
        return lines.find((l) => l.result)?.result ?? lines;
      });
    const first = await send(`家访活动,学生,负责教师,优先级,走访原因\n${name},${s1Id},李老师,重点走访,留守儿童\n`);
    expect(first).toMatchObject({ created: 1, failed: 0 });
    const second = await send(`家访活动,学生,负责教师\n${name},${s1Id},王老师\n`);
    expect(second).toMatchObject({ created: 0, updated: 1 });
    const stored = await t.app.sql('select assigned_staff_id from roster_entry where campaign_id = ?', [c]);
    expect(stored).toEqual([{ assigned_staff_id: t.county.staff.otherStaff }]);
    // A teacher may not import rosters.
    const teacher = await fetch(`${t.app.url}/import/RosterEntry`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${t.county.users.TEACHER}` }, body: `家访活动,学生,负责教师\n${name},${s1Id},李老师\n` });
    expect(teacher.status).toBe(403);
  });
});
