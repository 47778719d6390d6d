import { useCounty } from '../support/county';

// A teacher's home on her phone (我的家访): her students still to visit in running campaigns, and
// a plan form kept short by the API's metadata.
const t = useCounty();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);

describe('my students due a visit', () => {
  it("lists her running campaigns' students not yet visited, 重点 first, and nobody else's", async () => {
    const { app, county: c } = t;
    const admin = (q: string, v?: Record<string, unknown>) => app.ok(q, v, c.users.BUREAU_ADMIN);
    const campaign = async (start: number, end: number) =>
      (await admin('mutation ($a: LocalDate!, $b: LocalDate!) { createCampaign(name: "大家访", kind: COVERAGE, schoolYear: "2024-2025", startDate: $a, endDate: $b) { id } }', { a: day(start), b: day(end) })).createCampaign.id as string;
    const running = await campaign(-5, 20);
    const over = await campaign(-60, -30);
    const assign = (camp: string, s: string, staff: string, priority: string) =>
      admin(`mutation ($c: ID!, $s: ID!, $t: ID!) { createRosterEntry(campaignId: $c, studentId: $s, assignedStaffId: $t, priority: ${priority}) { id } }`, { c: camp, s, t: staff });
    await assign(running, c.students.s1, c.staff.teacherStaff, 'NORMAL');
    await assign(running, c.students.s2, c.staff.teacherStaff, 'HIGH');
    await assign(running, c.students.s3, c.staff.otherStaff, 'HIGH');
    await assign(over, c.students.s1, c.staff.teacherStaff, 'HIGH');
    const mine = async () => (await app.ok('{ myDueRosterEntries { student { id } priority campaign { id } } }', {}, c.users.TEACHER)).myDueRosterEntries as Array<{ student: { id: string }; priority: string; campaign: { id: string } }>;
    expect((await mine()).map((e) => e.student.id)).toEqual([c.students.s2, c.students.s1]);
    expect((await mine()).every((e) => e.campaign.id === running)).toBe(true);

    // Visited in the campaign: off the list.
    await app.ok(
      'mutation ($s: ID!, $t: ID!, $c: ID) { createVisitRecord(studentId: $s, visitorId: $t, campaignId: $c, form: PHONE, status: COMPLETED, familySituation: "a", studentSituation: "b", keyPoints: "c", effect: "d") { id } }',
      { s: c.students.s2, t: c.staff.teacherStaff, c: running },
      c.users.TEACHER,
    );
    expect((await mine()).map((e) => e.student.id)).toEqual([c.students.s1]);

    // Without a staff record there is no list of one's own: the home page leaves the card out.
    const none = await app.gql('{ myDueRosterEntries { id } }', {}, c.users.ANALYST);
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'NO_STAFF_RECORD' });
  });
});

describe('the plan form the metadata describes', () => {
  it('starts a visit planned or completed only, and shows its record once completed, its route only when it travels', async () => {
    const { app, county: c } = t;
    const { resources } = await app.ok('{ resources { name fields { name shownWhenField shownWhenValues createChoices } } }', {}, c.users.TEACHER);
    const fields = new Map<string, { shownWhenField: string | null; shownWhenValues: string[] | null; createChoices: string[] | null }>(
      resources.find((r: { name: string }) => r.name === 'VisitRecord').fields.map((f: { name: string }) => [f.name, f]),
    );
    expect(fields.get('status')?.createChoices).toEqual(['PLANNED', 'COMPLETED']);
    expect(fields.get('familySituation')).toMatchObject({ shownWhenField: 'status', shownWhenValues: ['COMPLETED', 'REVIEWED'] });
    expect(fields.get('satisfaction')).toMatchObject({ shownWhenField: 'status', shownWhenValues: ['REVIEWED'] });
    expect(fields.get('address')).toMatchObject({ shownWhenField: 'form', shownWhenValues: ['IN_PERSON'] });
    expect(fields.get('studentId')?.shownWhenField ?? null).toBeNull();
    // The API holds to what the metadata offers.
    const reviewed = await app.gql('mutation ($s: ID!, $t: ID!) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, status: REVIEWED) { id } }', { s: c.students.s1, t: c.staff.teacherStaff }, c.users.TEACHER);
    expect(reviewed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status', rule: 'STATUS_VIA_WORKFLOW' });
  });
});
