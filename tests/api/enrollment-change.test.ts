import { useCounty } from '../support/county';
import { count } from '../support/roster';
import { newIdNumber } from '../support/ids';

// 学籍异动 (002 附件2-2 Ⅴ类): each change moves the student and is kept as their history; the
// monthly report's roll (附件2-2 Ⅳ, 含请假、休学) and 三比对's system count replay them.
const t = useCounty();
const admin = () => t.county.users.BUREAU_ADMIN;
const ok = (q: string, v?: Record<string, unknown>, token = admin()) => t.app.ok(q, v, token);
const gql = (q: string, v?: Record<string, unknown>, token = admin()) => t.app.gql(q, v, token);
const student = async (id: string) => (await t.app.sql('select schooling_status, school_id, class_id, version from student where id = ?', [id]))[0];

const RECORD = `mutation ($s: ID!, $k: EnrollmentChangeKind!, $d: LocalDate, $to: ID, $tc: ID, $other: String, $until: LocalDate, $doc: String) {
  createEnrollmentChange(studentId: $s, kind: $k, effectiveOn: $d, toSchoolId: $to, toClassId: $tc, otherSchoolName: $other, leaveUntil: $until, documentNumber: $doc, reason: "家庭搬迁") {
    id kind effectiveOn fromSchoolId fromClassId fromStatus toSchoolId toClassId toStatus stateAfter documentNumber } }`;

describe('recording enrolment changes', () => {
  it('moves a student transferred within the county, keeping where they came from', async () => {
    const { students: s, schools, classes } = t.county;
    const c = (await ok(RECORD, { s: s.s4, k: 'TRANSFER_OUT', d: '2025-03-10', to: schools.A, tc: classes.A1, doc: '蒲教学籍〔2025〕12号' })).createEnrollmentChange;
    expect(c).toMatchObject({
      kind: 'TRANSFER_OUT', effectiveOn: '2025-03-10', fromSchoolId: schools.B, fromClassId: classes.B1, fromStatus: 'IN_COUNTY',
      toSchoolId: schools.A, toClassId: classes.A1, toStatus: 'IN_COUNTY', stateAfter: 'ATTENDING', documentNumber: '蒲教学籍〔2025〕12号',
    });
    expect(await student(s.s4)).toMatchObject({ schooling_status: 'IN_COUNTY', school_id: schools.A, class_id: classes.A1 });
    // The history is listed on the student.
    const listed = await ok('query ($id: ID!) { Student(id: $id) { enrollmentChanges { id kind } } }', { id: s.s4 });
    expect(listed.Student.enrollmentChanges).toEqual([{ id: c.id, kind: 'TRANSFER_OUT' }]);
  });

  it('refuses changes that do not fit the student or the calendar, writing nothing', async () => {
    const { students: s, schools, classes } = t.county;
    const before = await count(t.app, 'enrollment_change');
    const states = await Promise.all([s.s1, s.s4].map(student));
    const refused = async (v: Record<string, unknown>, field: string, rule: string) => {
      const res = await gql(RECORD, v);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    };
    await refused({ s: s.s1, k: 'SUSPENSION', d: '2099-01-01' }, 'effectiveOn', 'ENROLLMENT_DATE_FUTURE');
    await refused({ s: s.s1, k: 'RESUMPTION', d: '2025-03-01' }, 'kind', 'RESUMPTION_WITHOUT_SUSPENSION');
    await refused({ s: s.s1, k: 'TRANSFER_IN', d: '2025-03-01', to: schools.A }, 'toSchoolId', 'TRANSFER_IN_SAME_SCHOOL');
    await refused({ s: s.s1, k: 'TRANSFER_IN', d: '2025-03-01' }, 'toSchoolId', 'REQUIRED');
    // s4's last change was on 2025-03-10.
    await refused({ s: s.s4, k: 'SUSPENSION', d: '2025-03-01' }, 'effectiveOn', 'ENROLLMENT_DATE_ORDER');
    await refused({ s: s.s1, k: 'TRANSFER_OUT', d: '2025-03-01', to: schools.B, tc: classes.A2 }, 'toClassId', 'CLASS_NOT_IN_SCHOOL');
    await refused({ s: s.s1, k: 'SUSPENSION', d: '2025-03-01', to: schools.B }, 'toSchoolId', 'TARGET_NOT_FOR_KIND');
    await refused({ s: s.s1, k: 'SUSPENSION', d: '2025-03-01', until: '2025-06-01' }, 'leaveUntil', 'LEAVE_UNTIL_NOT_FOR_KIND');
    await refused({ s: s.s1, k: 'LONG_LEAVE', d: '2025-03-01', until: '2025-02-01' }, 'leaveUntil', 'LEAVE_UNTIL_ORDER');
    // A primary pupil's graduation names the junior school they go on to (小学毕业库).
    await refused({ s: s.s1, k: 'GRADUATION', d: '2025-07-01' }, 'toSchoolId', 'PRIMARY_GRADUATE_DESTINATION');
    expect(await count(t.app, 'enrollment_change')).toBe(before);
    expect(await Promise.all([s.s1, s.s4].map(student))).toEqual(states);
  });

  it('suspends and resumes, keeping the student at the school, and refuses a second suspension', async () => {
    const { students: s, schools, classes } = t.county;
    const suspended = (await ok(RECORD, { s: s.s1, k: 'SUSPENSION', d: '2025-04-05' }, t.county.users.SCHOOL_ADMIN)).createEnrollmentChange;
    expect(suspended).toMatchObject({ stateAfter: 'SUSPENDED', fromSchoolId: schools.A, toStatus: 'IN_COUNTY', toSchoolId: null });
    expect(await student(s.s1)).toMatchObject({ schooling_status: 'IN_COUNTY', school_id: schools.A, class_id: classes.A1 });
    const again = await gql(RECORD, { s: s.s1, k: 'SUSPENSION', d: '2025-04-20' });
    expect(again.errors?.[0].extensions).toMatchObject({ field: 'kind', rule: 'ALREADY_SUSPENDED' });
    const leave = await gql(RECORD, { s: s.s1, k: 'LONG_LEAVE', d: '2025-04-20' });
    expect(leave.errors?.[0].extensions).toMatchObject({ field: 'kind', rule: 'SUSPENDED_STUDENT' });
    // Resuming into another class of the same school.
    const resumed = (await ok(RECORD, { s: s.s1, k: 'RESUMPTION', d: '2025-05-06', tc: classes.A2 })).createEnrollmentChange;
    expect(resumed).toMatchObject({ stateAfter: 'ATTENDING', fromClassId: classes.A1, toClassId: classes.A2 });
    expect(await student(s.s1)).toMatchObject({ school_id: schools.A, class_id: classes.A2 });
  });

  it('lets a school transfer its own students out of the county, and nobody else’s', async () => {
    const { students: s, schools, users } = t.county;
    const other = await gql(RECORD, { s: await otherSchoolStudent(), k: 'TRANSFER_OUT', d: '2025-04-20', other: '西安市雁塔区第二小学' }, users.SCHOOL_ADMIN);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'studentId', rule: 'REFERENCE_NOT_FOUND' });
    const out = (await ok(RECORD, { s: s.s2, k: 'TRANSFER_OUT', d: '2025-04-20', other: '西安市雁塔区第二小学' }, users.SCHOOL_ADMIN)).createEnrollmentChange;
    expect(out).toMatchObject({ fromSchoolId: schools.A, toSchoolId: null, toStatus: 'OUT_OF_COUNTY', stateAfter: 'LEFT' });
    expect(await student(s.s2)).toMatchObject({ schooling_status: 'OUT_OF_COUNTY', school_id: null, class_id: null });
    // The school still reads the change it made (its school is the one left).
    const seen = await ok('query ($id: ID!) { EnrollmentChange(id: $id) { id otherSchoolName } }', { id: out.id }, users.SCHOOL_ADMIN);
    expect(seen.EnrollmentChange).toEqual({ id: out.id, otherSchoolName: '西安市雁塔区第二小学' });
    // A student who left cannot be suspended or graduate; coming back is a transfer in.
    const gone = await gql(RECORD, { s: s.s2, k: 'SUSPENSION', d: '2025-05-01' });
    expect(gone.errors?.[0].extensions).toMatchObject({ field: 'studentId', rule: 'STUDENT_NOT_ENROLLED' });
  });

  it('graduates a junior pupil out of the roll (初中已毕业) and a primary pupil into their junior school', async () => {
    const { schools } = t.county;
    const J = (await ok('mutation { createSchool(name: "龙阳初级中学", code: "SJ01", kind: JUNIOR) { id } }')).createSchool.id;
    const J9 = (await ok('mutation ($s: ID!) { createSchoolClass(schoolId: $s, grade: 9, name: "九年级（1）班", schoolYear: "2024-2025") { id } }', { s: J })).createSchoolClass.id;
    const J7 = (await ok('mutation ($s: ID!) { createSchoolClass(schoolId: $s, grade: 7, name: "七年级（1）班", schoolYear: "2025-2026") { id } }', { s: J })).createSchoolClass.id;
    const pupil = await newStudent(J, J9);
    const grad = (await ok(RECORD, { s: pupil, k: 'GRADUATION', d: '2025-07-01' })).createEnrollmentChange;
    expect(grad).toMatchObject({ toStatus: 'JUNIOR_GRADUATED', stateAfter: 'LEFT', fromSchoolId: J });
    expect(await student(pupil)).toMatchObject({ schooling_status: 'JUNIOR_GRADUATED', school_id: null });
    const primary = await newStudent(schools.B, null);
    const up = (await ok(RECORD, { s: primary, k: 'GRADUATION', d: '2025-07-01', to: J, tc: J7 })).createEnrollmentChange;
    expect(up).toMatchObject({ toSchoolId: J, toClassId: J7, toStatus: 'IN_COUNTY', stateAfter: 'ATTENDING' });
    expect(await student(primary)).toMatchObject({ school_id: J, class_id: J7 });
  });

  it('is read by every staff role in reach, recorded by admins only, never edited or deleted', async () => {
    const { students: s, users } = t.county;
    const teacher = await gql(RECORD, { s: s.s1, k: 'LONG_LEAVE', d: '2025-06-01' }, users.TEACHER);
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const token = await gql(RECORD, { s: s.s1, k: 'LONG_LEAVE', d: '2025-06-01' }, users.INTEGRATION);
    expect(token.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // The teacher heads A1 (where s4 went; s1 resumed in A2) and is paired with s2 (who left the county).
    const mine = await ok('{ allEnrollmentChanges(sortField: "effectiveOn", sortOrder: "ASC") { kind studentId } }', {}, users.TEACHER);
    expect(mine.allEnrollmentChanges).toEqual([{ kind: 'TRANSFER_OUT', studentId: s.s4 }, { kind: 'TRANSFER_OUT', studentId: s.s2 }]);
    const mutations = (await ok('{ __schema { mutationType { fields { name } } } }')).__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(mutations).toContain('createEnrollmentChange');
    expect(mutations).not.toContain('updateEnrollmentChange');
    expect(mutations).not.toContain('deleteEnrollmentChange');
  });
});

describe('the roll as the changes leave it', () => {
  it('counts the students in school at each month end, suspended ones included, in the monthly report', async () => {
    const { students: s, schools } = t.county;
    // s3 (kindergarten K) is confirmed a dropout on 2025-04-15: off the roll from April.
    const c = (await ok('mutation ($s: ID!) { createDropoutCase(studentId: $s, discoveredOn: "2025-04-10") { id } }', { s: s.s3 })).createDropoutCase.id;
    await ok('mutation ($id: ID!) { verifyDropoutCase(id: $id) { id } }', { id: c });
    await ok('mutation ($id: ID!) { confirmDropoutCase(id: $id, dropoutCategory: AVERSION, confirmedOn: "2025-04-15") { id } }', { id: c });
    const r = await ok(`{ dropoutMonthlyReport(from: "2025-02-01", to: "2025-05-31", groupBy: SCHOOL) {
      rows { unitId month category rowType inSchool } total { inSchool } } }`);
    const roll = (school: string) => Object.fromEntries(r.dropoutMonthlyReport.rows
      .filter((x: any) => x.rowType === 'DETAIL' && x.category === 'IN_SCHOOL' && x.unitId === school).map((x: any) => [x.month, x.inSchool]));
    // By hand: A had s1, s2; s4 came on 03-10; s2 left on 04-20; s1 was suspended in April (still counted).
    expect(roll(schools.A)).toEqual({ '2025-02': 2, '2025-03': 3, '2025-04': 2, '2025-05': 2 });
    expect(roll(schools.K)).toEqual({ '2025-02': 1, '2025-03': 1 });
    // B: s4 until 03-10, the primary graduate (left in July) and the pupil the principal could not reach.
    expect(roll(schools.B)).toEqual({ '2025-02': 3, '2025-03': 2, '2025-04': 2, '2025-05': 2 });
    // The total is May's roll: A 2, K 0, B 2 and the junior school's graduate (left in July).
    expect(r.dropoutMonthlyReport.total.inSchool).toBe(5);
  });

  it('shows 三比对 beside the roll on the check date and flags a difference', async () => {
    const { schools } = t.county;
    const add = `mutation ($s: ID!, $y: String!, $t: Semester!, $d: LocalDate, $n: Int!) {
      createEnrollmentCheck(schoolId: $s, schoolYear: $y, semester: $t, checkedOn: $d, registryCount: $n, reportedCount: $n, registeredAbsent: 0, presentUnregistered: 0) {
        id rosterCount rosterDifference rosterMatches } }`;
    // On 2025-04-01 A had s1, s2 and s4.
    const a = (await ok(add, { s: schools.A, y: '2024-2025', t: 'SECOND', d: '2025-04-01', n: 3 })).createEnrollmentCheck;
    expect(a).toMatchObject({ rosterCount: 3, rosterDifference: 0, rosterMatches: true });
    // On 2024-10-01 B had s4, the primary graduate and the third pupil, but 2 were reported.
    const b = (await ok(add, { s: schools.B, y: '2024-2025', t: 'FIRST', d: '2024-10-01', n: 2 })).createEnrollmentCheck;
    expect(b).toMatchObject({ rosterCount: 3, rosterDifference: -1, rosterMatches: false });
    const future = await gql(add, { s: schools.K, y: '2024-2025', t: 'FIRST', d: '2099-10-01', n: 1 });
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkedOn', rule: 'CHECK_DATE_FUTURE' });
    // A first-semester check dated in June would count the wrong roll.
    const outside = await gql(add, { s: schools.K, y: '2024-2025', t: 'FIRST', d: '2025-06-01', n: 1 });
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkedOn', rule: 'CHECK_DATE_TERM' });
    // Without a date the roll is taken at the semester's start (entered later, it still counts that term).
    const undated = (await ok(add, { s: schools.K, y: '2024-2025', t: 'FIRST', d: null, n: 1 })).createEnrollmentCheck;
    expect(undated).toMatchObject({ rosterCount: 1, rosterMatches: true }); // 王小刚 (s3) in the kindergarten
  });
});

describe('recording many at once (createManyEnrollmentChanges)', () => {
  const MANY = `mutation ($d: [EnrollmentChangeInput!]!, $mode: BulkMode) { r: createManyEnrollmentChanges(data: $d, mode: $mode) {
    committed created failed rows { index status rule field } } }`;

  it('checks each row against the rows before it for the same student', async () => {
    const pupil = await newStudent(t.county.schools.B, t.county.classes.B1);
    const r = (await ok(MANY, { d: [
      { studentId: pupil, kind: 'SUSPENSION', effectiveOn: '2025-09-10' },
      { studentId: pupil, kind: 'RESUMPTION', effectiveOn: '2025-10-10' },
      { studentId: pupil, kind: 'RESUMPTION', effectiveOn: '2025-10-11' },
      { studentId: pupil, kind: 'LONG_LEAVE', effectiveOn: '2025-09-01' },
    ], mode: 'VALID_ONLY' })).r;
    expect(r.rows.map((x: { status: string; rule: string | null }) => [x.status, x.rule])).toEqual([
      ['CREATED', null], ['CREATED', null], ['ERROR', 'RESUMPTION_WITHOUT_SUSPENSION'], ['ERROR', 'ENROLLMENT_DATE_ORDER'],
    ]);
    const kinds = await t.app.sql('select kind from enrollment_change where student_id = ? order by effective_on', [pupil]);
    expect(kinds.map((k) => k.kind)).toEqual(['SUSPENSION', 'RESUMPTION']);
  });
});

async function newStudent(school: string, cls: string | null): Promise<string> {
  const id = newIdNumber('2010-03-01', 'MALE');
  // Several pupils share this name and birthday (their 身份证号 differ): confirmed as a clerk would.
  return (await ok('mutation ($b: LocalDate!, $id: String, $s: ID, $c: ID) { createStudent(name: "毕业生", gender: MALE, birthDate: $b, idNumber: $id, schoolId: $s, classId: $c, confirmDuplicate: true) { id } }', {
    b: id.birthDate, id: id.idNumber, s: school, c: cls,
  })).createStudent.id;
}

/** A student of school B (a school the principal of A does not reach). */
async function otherSchoolStudent(): Promise<string> {
  return newStudent(t.county.schools.B, null);
}

// Last: the pupils it adds would change the hand-counted rolls above.
describe('transfers within the county', () => {
  it('lets a principal send a pupil to another school of the county, which they cannot otherwise reach', async () => {
    const { schools, classes, users } = t.county;
    const pupil = await newStudent(schools.A, classes.A1);
    const moved = (await ok(RECORD, { s: pupil, k: 'TRANSFER_OUT', d: '2025-04-21', to: schools.B, tc: classes.B1 }, users.SCHOOL_ADMIN)).createEnrollmentChange;
    expect(moved).toMatchObject({ fromSchoolId: schools.A, toSchoolId: schools.B, toClassId: classes.B1, toStatus: 'IN_COUNTY' });
    expect(await student(pupil)).toMatchObject({ schooling_status: 'IN_COUNTY', school_id: schools.B, class_id: classes.B1 });
    // Only schools of the county: an id of no school is refused by field, and nothing is written.
    const before = await count(t.app, 'enrollment_change');
    const nowhere = await gql(RECORD, { s: await newStudent(schools.A, classes.A1), k: 'TRANSFER_OUT', d: '2025-04-21', to: '00000000-0000-4000-8000-000000000000' }, users.SCHOOL_ADMIN);
    expect(nowhere.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toSchoolId', rule: 'REFERENCE_NOT_FOUND' });
    expect(await count(t.app, 'enrollment_change')).toBe(before);
  });
});
