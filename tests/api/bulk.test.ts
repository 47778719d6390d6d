import { readQueryLimits } from '../../packages/api/src/http/limits';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { count } from '../support/roster';
import { makeIdNumber } from '../../packages/api/src/core/validation/id-number';

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
beforeAll(async () => {
  // Calls of 10,000 rows and more: bigger than the default body limit, as an operator may allow (GRAPHQL_MAX_BODY_BYTES).
  app = await startTestApp({ server: { queryLimits: { ...readQueryLimits(), bodyBytes: 256 * 1024 * 1024 } } });
  county = await createCounty(app);
});
afterAll(() => app.close());

let serial = 0;
/** A valid, unused 身份证号 (birth dates and sequence numbers spread so 10,000 stay distinct). */
function idNumber(): { idNumber: string; birthDate: string } {
  serial++;
  const day = new Date(Date.UTC(2012, 0, 1) + (serial % 3000) * 86_400_000).toISOString().slice(0, 10);
  return { idNumber: makeIdNumber('610526', day, Math.floor(serial / 3000) * 2 + 1, 'MALE'), birthDate: day };
}

const student = (name: string, extra: Record<string, unknown> = {}) => ({ name, gender: 'MALE', ...idNumber(), schoolId: county.schools.A, ...extra });
const RESULT = 'committed dryRun replayed total created updated unchanged failed rows { index status id version code field rule message problems { field rule } }';
const admin = (q: string, v?: Record<string, unknown>) => app.gql(q, v, county.users.BUREAU_ADMIN);
const createMany = async (data: unknown[], extra = '', token = county.users.BUREAU_ADMIN) => {
  const res = await app.gql(`mutation ($d: [StudentInput!]!) { r: createManyStudents(data: $d${extra}) { ${RESULT} } }`, { d: data }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
};
const upsertMany = async (data: unknown[], extra = '', token = county.users.BUREAU_ADMIN) => {
  const res = await app.gql(`mutation ($d: [StudentInput!]!) { r: upsertManyStudents(data: $d${extra}) { ${RESULT} } }`, { d: data }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
};

describe('createManyStudents', () => {
  it('ALL_OR_NOTHING reports every bad row and writes nothing', async () => {
    const before = await count(app, 'student');
    const r = await createMany([student('甲一'), student('甲二', { idNumber: '610526201401011234' }), student('甲三'), student('', {})]);
    expect(r).toMatchObject({ committed: false, created: 0, failed: 2, total: 4 });
    expect(r.rows.map((x: any) => [x.index, x.status, x.code, x.field, x.rule])).toEqual([
      [0, 'NOT_WRITTEN', null, null, null],
      [1, 'ERROR', 'BAD_USER_INPUT', 'idNumber', 'ID_NUMBER_CHECK_DIGIT'],
      [2, 'NOT_WRITTEN', null, null, null],
      [3, 'ERROR', 'BAD_USER_INPUT', 'name', 'REQUIRED'],
    ]);
    expect(r.rows[0].id).toBeNull();
    expect(await count(app, 'student')).toBe(before);
  });

  it('takes a reference written in capitals as the same reference, as a single create does', async () => {
    const upper = county.schools.A.toUpperCase();
    const one = idNumber();
    const single = await admin('mutation ($b: LocalDate!, $i: String, $s: ID) { createStudent(name: "大写一", gender: MALE, birthDate: $b, idNumber: $i, schoolId: $s) { schoolId } }', { b: one.birthDate, i: one.idNumber, s: upper });
    expect([single.errors, single.data?.createStudent]).toEqual([undefined, { schoolId: county.schools.A }]);
    const r = await createMany([student('大写二', { schoolId: upper }), student('大写三', { schoolId: county.schools.A })]);
    expect(r).toMatchObject({ committed: true, created: 2, failed: 0 });
    const stored = await app.sql('select distinct school_id from student where id = any(?::uuid[])', [`{${r.rows[0].id},${r.rows[1].id}}`]);
    expect(stored).toEqual([{ school_id: county.schools.A }]);
  });

  it('VALID_ONLY writes the good rows and says exactly which failed', async () => {
    const before = await count(app, 'student');
    const rows = [student('乙一'), student('乙二', { schoolId: '00000000-0000-4000-8000-000000000000' }), student('乙三')];
    const r = await createMany(rows, ', mode: VALID_ONLY');
    expect(r).toMatchObject({ committed: true, created: 2, failed: 1 });
    expect(r.rows[1]).toMatchObject({ status: 'ERROR', field: 'schoolId', rule: 'REFERENCE_NOT_FOUND' });
    expect(r.rows[0]).toMatchObject({ status: 'CREATED', version: 1 });
    const stored = await app.sql('select name from student where id = any(?::uuid[])', [`{${r.rows[0].id},${r.rows[2].id}}`]);
    expect(stored.map((s: any) => s.name).sort()).toEqual(['乙一', '乙三']);
    expect(await count(app, 'student')).toBe(before + 2);
    // One CREATE audit event per row, as a single createStudent writes.
    const events = await app.sql("select count(*)::int as n from audit_event where resource = 'Student' and action = 'CREATE' and record_id in (?, ?)", [r.rows[0].id, r.rows[2].id]);
    expect(events[0].n).toBe(2);
  });

  it('refuses duplicates in the call and in the database, naming the field', async () => {
    const a = student('丙一');
    const r = await createMany([a, { ...student('丙二'), idNumber: a.idNumber, birthDate: a.birthDate }], ', mode: VALID_ONLY');
    expect(r.rows[1]).toMatchObject({ status: 'ERROR', field: 'idNumber', rule: 'DUPLICATE_IN_BATCH', message: '与第 1 行的身份证号重复' });
    const again = await createMany([{ ...a, name: '丙三' }], ', mode: VALID_ONLY');
    expect(again.rows[0]).toMatchObject({ status: 'ERROR', code: 'CONFLICT', field: 'idNumber', rule: 'DUPLICATE' });
  });

  it('a failure in row 9,999 of 10,000 leaves the table unchanged', async () => {
    const before = await count(app, 'student');
    const rows = Array.from({ length: 10_000 }, (_, i) => student(`批量${i}`));
    rows[9_998] = { ...rows[9_998], gender: 'MALE', birthDate: '2099-01-01' };
    const r = await createMany(rows, ', onlyErrors: true');
    expect(r).toMatchObject({ committed: false, total: 10_000, failed: 1, created: 0 });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ index: 9_998, status: 'ERROR', field: 'birthDate' });
    expect(await count(app, 'student')).toBe(before);
    expect(await app.sql("select count(*)::int as n from audit_event where resource = 'Student' and after->>'name' like '批量%'")).toEqual([{ n: 0 }]);
  });

  it('checks without writing in a dry run', async () => {
    const before = await count(app, 'student');
    const r = await createMany([student('丁一'), student('丁二')], ', dryRun: true');
    expect(r).toMatchObject({ committed: false, dryRun: true, created: 2 });
    expect(r.rows.map((x: any) => x.status)).toEqual(['CREATED', 'CREATED']);
    expect(await count(app, 'student')).toBe(before);
  });

  it('is safe to retry with an idempotency key', async () => {
    const rows = [student('戊一'), student('戊二')];
    const first = await createMany(rows, ', idempotencyKey: "import-2025-spring-0001"');
    const again = await createMany(rows, ', idempotencyKey: "import-2025-spring-0001"');
    expect(first).toMatchObject({ committed: true, created: 2, replayed: false });
    expect(again).toMatchObject({ committed: true, created: 2, replayed: true });
    expect(again.rows.map((x: any) => x.id)).toEqual(first.rows.map((x: any) => x.id));
    const stored = await app.sql("select count(*)::int as n from student where name in ('戊一', '戊二')");
    expect(stored[0].n).toBe(2);
    const other = await app.gql('mutation ($d: [StudentInput!]!) { createManyStudents(data: $d, idempotencyKey: "import-2025-spring-0001") { total } }', { d: [student('戊三')] }, county.users.BUREAU_ADMIN);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey', rule: 'IDEMPOTENCY_KEY_REUSED' });
    // Another account sending the same request with the same key does not get the first caller's answer.
    const stranger = await app.gql('mutation ($d: [StudentInput!]!) { createManyStudents(data: $d, idempotencyKey: "import-2025-spring-0001") { total } }', { d: rows }, county.users.SCHOOL_ADMIN);
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('writes once when the same request races itself with one key', async () => {
    const rows = [student('竞一'), student('竞二')];
    const send = () => app.gql(`mutation ($d: [StudentInput!]!) { r: createManyStudents(data: $d, idempotencyKey: "race-key-000001") { committed replayed created rows { rule } } }`, { d: rows }, county.users.BUREAU_ADMIN);
    const answers = await Promise.all([send(), send()]);
    const stored = await app.sql("select count(*)::int as n from student where name in ('竞一', '竞二')");
    expect(stored[0].n).toBe(2);
    // One wrote. The other, depending on timing, got that answer replayed, was refused, or found
    // every row already taken; it never wrote.
    const wrote = answers.filter((a) => a.data?.r?.committed && !a.data.r.replayed);
    expect(wrote).toHaveLength(1);
    const [other] = answers.filter((x) => x !== wrote[0]);
    const duplicates = other.data?.r && !other.data.r.committed && other.data.r.rows.every((r: any) => r.rule === 'DUPLICATE');
    expect(other.data?.r?.replayed === true || other.errors?.[0].extensions?.code === 'CONFLICT' || duplicates).toBe(true);
  });

  it('costs a few statements per thousand rows, not one per row', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => student(`语句${i}`));
    const statements = await app.countStatements(() => createMany(rows, ', onlyErrors: true'));
    expect(statements).toBeLessThan(60);
  });
});

describe('upsertManyStudents', () => {
  it('creates, updates and leaves unchanged by 身份证号, with guardians', async () => {
    const a = student('己一', { guardians: [{ name: '己父', relation: 'FATHER', phone: '13812345678' }] });
    const first = await upsertMany([a]);
    expect(first.rows[0]).toMatchObject({ status: 'CREATED', version: 1 });
    const id = first.rows[0].id;
    const b = student('己二');
    const second = await upsertMany([
      { ...a, name: '己一改', guardians: [{ name: '己父', relation: 'FATHER', phone: '13912345678' }, { name: '己母', relation: 'MOTHER', phone: '13700001111' }] },
      b,
      { ...a, idNumber: b.idNumber, birthDate: b.birthDate },
    ], ', mode: VALID_ONLY');
    expect(second.rows.map((x: any) => [x.status, x.rule])).toEqual([['UPDATED', null], ['CREATED', null], ['ERROR', 'DUPLICATE_IN_BATCH']]);
    expect(second.rows[0]).toMatchObject({ id, version: 2 });
    const guardians = await app.sql('select name, phone from guardian where student_id = ? order by name', [id]);
    expect(guardians).toEqual([{ name: '己母', phone: '13700001111' }, { name: '己父', phone: '13912345678' }]);
    const third = await upsertMany([{ ...a, name: '己一改', guardians: [{ name: '己父', relation: 'FATHER', phone: '13912345678' }] }]);
    expect(third.rows[0]).toMatchObject({ status: 'UNCHANGED', id, version: 2 });
  });

  it('names the nested field of a bad guardian', async () => {
    const r = await upsertMany([student('庚一', { guardians: [{ name: '庚父', relation: 'FATHER', phone: '123' }] })], ', mode: VALID_ONLY');
    expect(r.rows[0]).toMatchObject({ status: 'ERROR', field: 'guardians.0.phone' });
  });

  it('applies the access rules per row: a principal cannot upsert into another school', async () => {
    const inB = student('辛一', { schoolId: county.schools.B });
    await upsertMany([inB]);
    const principal = county.users.SCHOOL_ADMIN;
    const r = await upsertMany([{ ...inB, schoolId: county.schools.A, name: '辛一改' }, student('辛二', { schoolId: county.schools.B }), student('辛三')], ', mode: VALID_ONLY', principal);
    // The 身份证号 held in school B: a neutral refusal (tests/api/probing.test.ts).
    expect(r.rows.map((x: any) => [x.status, x.code, x.field, x.rule])).toEqual([
      ['ERROR', 'CONFLICT', 'idNumber', 'KEY_UNAVAILABLE'],
      ['ERROR', 'BAD_USER_INPUT', 'schoolId', 'REFERENCE_NOT_FOUND'],
      ['CREATED', null, null, null],
    ]);
    const stored = await app.sql('select name, school_id from student where id_number = ?', [inB.idNumber]);
    expect(stored).toEqual([{ name: '辛一', school_id: county.schools.B }]);
    const teacher = await app.gql('mutation ($d: [StudentInput!]!) { upsertManyStudents(data: $d) { failed rows { code } } }', { d: [student('辛四')] }, county.users.TEACHER);
    expect(teacher.data.upsertManyStudents.rows[0].code).toBe('FORBIDDEN');
  });
});

describe('updateManyStudents', () => {
  it('updates rows by id with their versions, refusing stale ones', async () => {
    const created = await createMany([student('壬一'), student('壬二')]);
    const [x, y] = created.rows;
    const res = await admin(`mutation ($d: [StudentUpdateInput!]!) { r: updateManyStudents(data: $d, mode: VALID_ONLY) { ${RESULT} } }`, {
      d: [{ id: x.id, version: 1, ethnicity: '汉族' }, { id: y.id, version: 7, ethnicity: '回族' }, { id: '00000000-0000-4000-8000-000000000001', version: 1, ethnicity: '汉族' }],
    });
    expect(res.data.r.rows.map((r: any) => [r.status, r.code, r.rule])).toEqual([['UPDATED', null, null], ['ERROR', 'CONFLICT', 'STALE_VERSION'], ['ERROR', 'NOT_FOUND', 'NOT_FOUND']]);
    expect(res.data.r.rows[0].version).toBe(2);
  });

  it('refuses the same record twice in one call', async () => {
    const [x] = (await createMany([student('壬三')])).rows;
    const res = await admin(`mutation ($d: [StudentUpdateInput!]!) { r: updateManyStudents(data: $d, mode: VALID_ONLY) { ${RESULT} } }`, {
      d: [{ id: x.id, version: 1, ethnicity: '汉族' }, { id: x.id, version: 1, ethnicity: '回族' }],
    });
    expect(res.data.r.rows.map((r: any) => [r.status, r.field, r.rule, r.message])).toEqual([['UPDATED', null, null, null], ['ERROR', 'id', 'DUPLICATE_IN_BATCH', '与第 1 行是同一条记录']]);
    expect(await app.sql('select ethnicity, version from student where id = ?', [x.id])).toEqual([{ ethnicity: '汉族', version: 2 }]);
  });
});

describe('upserts by roles with narrower rights', () => {
  it('lets the aid centre match by 身份证号 and change only categories, keeping each category\'s since-date', async () => {
    const s = student('癸一', { focusCategories: [{ category: 'LEFT_BEHIND', since: '2023-09-01', source: '村委会' }] });
    await upsertMany([s]);
    const { idNumber } = s;
    const r = await upsertMany([{ idNumber, focusCategories: [{ category: 'LEFT_BEHIND' }, { category: 'LOW_INCOME' }] }].map((x) => ({ ...s, ...x })).map(({ name, gender, birthDate, schoolId, idNumber: id, focusCategories }) => ({ name, gender, birthDate, schoolId, idNumber: id, focusCategories })), '', county.users.AID_OFFICER);
    // name, gender, birth date and school are sent unchanged: they are not changes the aid centre makes.
    expect(r.rows[0]).toMatchObject({ status: 'UPDATED' });
    const [row] = await app.sql('select focus_categories from student where id_number = ?', [idNumber]);
    expect(row.focus_categories).toEqual([{ category: 'LEFT_BEHIND', since: '2023-09-01', source: '村委会' }, { category: 'LOW_INCOME' }]);
  });

  it('refuses a principal\'s row with no school as a row error, writing the others', async () => {
    const r = await upsertMany([student('癸二', { schoolId: null }), student('癸三')], ', mode: VALID_ONLY', county.users.SCHOOL_ADMIN);
    expect(r.rows.map((x: any) => [x.status, x.code, x.field, x.rule])).toEqual([['ERROR', 'FORBIDDEN', 'schoolId', 'OUT_OF_SCOPE'], ['CREATED', null, null, null]]);
  });
});
