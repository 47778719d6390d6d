import { useCounty } from '../support/county';

// The computed fields of visits (`overdue`, a student's `latestVisit` and `visitCounts`) are
// compiled into the list's one statement; they must answer what their resolvers answer on the
// ORM path (a mutation's answer goes through it).
const t = useCounty();
const CONTENT = 'familySituation: "父母在外务工", studentSituation: "成绩中等", keyPoints: "宣传资助政策", effect: "家长支持"';
const FIELDS = 'id latestVisit { id status overdue plannedAt } visitCounts { schoolYear semester completed inPerson }';

describe('computed fields in compiled reads', () => {
  let visits: string[] = [];

  beforeAll(async () => {
    const { app, county: c } = t;
    const add = () =>
      app.ok(`mutation ($s: ID!, $t: ID!) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, status: COMPLETED, ${CONTENT}) { id } }`, { s: c.students.s1, t: c.staff.teacherStaff }, c.users.BUREAU_ADMIN);
    visits = [];
    for (let i = 0; i < 5; i++) visits.push((await add()).createVisitRecord.id);
    // Completed on days of different terms, one at 01:00 on 1 February in China (still 31 January in UTC).
    // 家访时间 moves with the completion: these visits happened when they were completed.
    const set = (id: string, sql: string, params: unknown[]) =>
      app.sql(`update visit_record set ${sql.replace('completed_at = ?', 'completed_at = ?, visited_at = ?').replace('completed_at = null', 'completed_at = null, visited_at = null')} where id = ?`, [
        ...params.flatMap((p) => [p, p]),
        id,
      ]);
    await set(visits[0], 'completed_at = ?', ['2024-09-15T02:00:00Z']);
    await set(visits[1], "completed_at = ?, form = 'IN_PERSON'", ['2025-01-31T17:00:00Z']);
    await set(visits[2], 'completed_at = ?', ['2025-01-31T15:00:00Z']);
    await set(visits[3], "completed_at = ?, form = 'IN_PERSON'", ['2025-03-10T08:00:00Z']);
    // One under way and overdue: departed, expected back an hour ago.
    await set(visits[4], "status = 'DEPARTED', completed_at = null, departed_at = now() - interval '3 hours', expected_return_at = now() - interval '1 hour', planned_at = now() - interval '4 hours'", []);
  });

  it('answer as the resolvers do, for a list, a single record and a mutation answer', async () => {
    const { app, county: c } = t;
    const token = c.users.BUREAU_ADMIN;
    const ids = [c.students.s1, c.students.s2];
    const listed = (await app.ok(`query ($ids: [ID!]) { allStudents(filter: { ids: $ids }, sortField: "id") { ${FIELDS} } }`, { ids }, token)).allStudents;
    for (const id of ids) {
      const one = (await app.ok(`query ($id: ID!) { Student(id: $id) { ${FIELDS} } }`, { id }, token)).Student;
      const { version } = (await app.ok('query ($id: ID!) { Student(id: $id) { version } }', { id }, token)).Student;
      const byOrm = (await app.ok(`mutation ($id: ID!, $v: Int!) { updateStudent(id: $id, version: $v, note: "核对") { ${FIELDS} } }`, { id, v: version }, token)).updateStudent;
      expect(one).toEqual(byOrm);
      expect(listed.find((s: { id: string }) => s.id === id)).toEqual(byOrm);
    }
    const s1 = listed.find((s: { id: string }) => s.id === c.students.s1);
    expect(s1.latestVisit).toMatchObject({ id: visits[4], status: 'DEPARTED', overdue: true });
    expect(s1.visitCounts).toEqual([
      { schoolYear: '2024-2025', semester: 'SECOND', completed: 2, inPerson: 2 },
      { schoolYear: '2024-2025', semester: 'FIRST', completed: 2, inPerson: 0 },
    ]);
    expect(listed.find((s: { id: string }) => s.id === c.students.s2)).toMatchObject({ latestVisit: null, visitCounts: [] });
  });

  it('overdue answers as its resolver, in a visit list', async () => {
    const { app, county: c } = t;
    const listed = (await app.ok('query ($s: ID) { allVisitRecords(filter: { studentId: $s }) { id overdue status } }', { s: c.students.s1 }, c.users.BUREAU_ADMIN)).allVisitRecords;
    expect(Object.fromEntries(listed.map((v: { id: string; overdue: boolean }) => [v.id, v.overdue]))).toEqual(Object.fromEntries(visits.map((id, i) => [id, i === 4])));
  });

  it('keep a list that asks them to one read, for a teacher too', async () => {
    const { app, county: c } = t;
    for (const role of ['BUREAU_ADMIN', 'TEACHER']) {
      let answer: { allStudents: Array<{ id: string; latestVisit: { id: string } | null }> } | undefined;
      // The viewer is read once, then remembered.
      await app.ok('{ me { id } }', {}, c.users[role]);
      const statements = await app.countStatements(async () => (answer = await app.ok(`{ allStudents(sortField: "id") { ${FIELDS} } }`, {}, c.users[role])));
      expect([role, statements]).toEqual([role, 1]);
      expect(answer!.allStudents.find((s) => s.id === c.students.s1)?.latestVisit?.id).toBe(visits[4]);
    }
  });
});
