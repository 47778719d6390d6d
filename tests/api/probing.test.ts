import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { newIdNumber } from '../support/ids';

// A principal's imports and bulk writes must not tell what lies outside their reach: a child of
// another school is answered exactly as a child who does not exist. Each check asks the same
// question twice, before and after the bureau registers the child in another school, and wants
// the same answer; the bureau admin's answer shows the lookups would have found them in reach.

let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;

beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
});
afterAll(() => app.close());

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][]) => rows.map((r) => r.map(cell).join(',')).join('\n');

async function dryRun(resource: string, rows: string[][], token: string) {
  const res = await fetch(`${app.url}/import/${resource}?dryRun=true&mode=VALID_ONLY`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body: csv(rows),
  });
  const lines = (await res.text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const found = lines.find((l) => l.result)?.result;
  if (!found) throw new Error(JSON.stringify(lines));
  // The error report's address is new each time.
  const { errorReport: _report, ...result } = found;
  return result as { total: number; created: number; failed: number; errors: Array<{ row: number; column: string; code: string; rule: string; message: string }> };
}

const admin = (q: string, v?: Record<string, unknown>) => app.ok(q, v, c.users.BUREAU_ADMIN);

describe('an aid list imported by a principal', () => {
  const child = newIdNumber('2015-06-18', 'FEMALE');
  const heads = ['学生', '学校', '资助类别', '现金金额（元）', '资金来源', '发放日期', '家庭住址', '残疾等级', '身份证号'];
  const line = (student: string, extra: Partial<Record<'学校' | '家庭住址' | '残疾等级' | '身份证号', string>> = {}) => [
    student, extra.学校 ?? '', '慰问金', '200', '生均公用经费', '2025-01-20', extra.家庭住址 ?? '', extra.残疾等级 ?? '', extra.身份证号 ?? '',
  ];
  // Every way a row can name the child, and a name shared with a child in reach (张晓明, s1).
  const rows = [
    heads,
    line('钱多多'),
    line(child.idNumber),
    line(`G${child.idNumber}`),
    line('钱多多', { 学校: '城关中心小学' }),
    line('钱多多', { 学校: 'SA01', 家庭住址: '龙阳镇钱家村1组' }),
    line('钱多多', { 残疾等级: '2' }),
    line('钱多多', { 身份证号: child.idNumber }),
    line('张晓明'),
    line('张晓明', { 学校: 'SA01', 家庭住址: '城关街道东村3组' }),
  ];

  it('answers a child of another school as one who does not exist, hints and duplicate names included', async () => {
    const before = await dryRun('AssistanceItem', rows, c.users.SCHOOL_ADMIN);
    // Nobody named 钱多多 yet: every row naming her fails, the two naming s1 pass.
    expect(before.errors.map((e) => e.row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(before.errors.every((e) => e.code === 'BAD_USER_INPUT' && e.rule === 'REFERENCE_NOT_FOUND' && e.message.startsWith('找不到'))).toBe(true);

    // The bureau registers her in school B, with the address, disability grade and numbers the
    // hints name, and a second 张晓明 there.
    await admin(
      `mutation ($b: LocalDate!, $id: String, $sn: String, $s: ID, $c: ID) { createStudent(name: "钱多多", gender: FEMALE, birthDate: $b, idNumber: $id, studentNumber: $sn,
        schoolId: $s, classId: $c, address: "龙阳镇钱家村1组", disabilityType: PHYSICAL, disabilityGrade: 2, focusCategories: [{ category: DISABLED }]) { id } }`,
      { b: child.birthDate, id: child.idNumber, sn: `G${child.idNumber}`, s: c.schools.B, c: c.classes.B1 },
    );
    const twin = newIdNumber('2015-04-01', 'MALE');
    await admin('mutation ($id: String, $s: ID) { createStudent(name: "张晓明", gender: MALE, birthDate: "2015-04-01", idNumber: $id, schoolId: $s, address: "城关街道东村3组") { id } }', { id: twin.idNumber, s: c.schools.B });

    const after = await dryRun('AssistanceItem', rows, c.users.SCHOOL_ADMIN);
    expect(after).toEqual(before);

    // The bureau admin reaches her: each way of naming her finds her (the school column naming
    // school A is the one row that cannot), and 张晓明 is now ambiguous county-wide.
    const bureau = await dryRun('AssistanceItem', rows, c.users.BUREAU_ADMIN);
    expect(bureau.errors.map((e) => [e.row, e.rule])).toEqual([
      [5, 'REFERENCE_NOT_IN_CONTEXT'],
      [6, 'REFERENCE_NOT_IN_CONTEXT'],
      [9, 'REFERENCE_AMBIGUOUS'],
    ]);
  });

  it('names another school as it names a school that does not exist', async () => {
    const school = (s: string) => [heads, line('张晓明', { 学校: s })];
    const other = await dryRun('AssistanceItem', school('SB01'), c.users.SCHOOL_ADMIN);
    const none = await dryRun('AssistanceItem', school('SZ99'), c.users.SCHOOL_ADMIN);
    const shape = (r: typeof other) => r.errors.map((e) => ({ ...e, message: e.message.replace(/“[^”]*”/, '“…”') }));
    expect(shape(other)).toEqual(shape(none));
    expect(other.errors[0]).toMatchObject({ column: '学校', rule: 'REFERENCE_NOT_FOUND' });
  });
});

describe('upsertManyStudents by a principal', () => {
  const RESULT = 'committed failed rows { status code field rule message id }';
  const upsert = (d: unknown[], token: string, extra = '') =>
    app.ok(`mutation ($d: [StudentInput!]!) { r: upsertManyStudents(data: $d, mode: VALID_ONLY${extra}) { ${RESULT} } }`, { d }, token).then((x) => x.r);

  it('refuses a 身份证号 or 学籍号 held in another school with one neutral answer, telling nothing of that record', async () => {
    const held = newIdNumber('2016-02-03', 'MALE');
    const heldStudentNumber = `L${held.idNumber.slice(0, 17)}`;
    const otherId = (await admin(
      'mutation ($id: String, $sn: String, $s: ID) { createStudent(name: "孙远方", gender: MALE, birthDate: "2016-02-03", idNumber: $id, studentNumber: $sn, schoolId: $s) { id version } }',
      { id: held.idNumber, sn: heldStudentNumber, s: c.schools.B },
    )).createStudent;
    const fresh = newIdNumber('2016-02-03', 'MALE');
    const row = (idNumber: string, studentNumber?: string) => ({ name: '孙远方', gender: 'MALE', birthDate: '2016-02-03', idNumber, studentNumber, schoolId: c.schools.A });

    for (const dry of [', dryRun: true', '']) {
      const r = await upsert([row(held.idNumber), row(fresh.idNumber, heldStudentNumber)], c.users.SCHOOL_ADMIN, dry);
      expect(r.rows.map((x: any) => [x.status, x.code, x.field, x.rule, x.id])).toEqual([
        ['ERROR', 'CONFLICT', 'idNumber', 'KEY_UNAVAILABLE', null],
        ['ERROR', 'CONFLICT', 'studentNumber', 'KEY_UNAVAILABLE', null],
      ]);
      // The same words whichever key it is, naming no school, record or registration elsewhere.
      const [a, b] = r.rows.map((x: any) => x.message as string);
      expect(a.replace('身份证号', '…')).toBe(b.replace('全国学籍号', '…'));
      for (const m of [a, b]) expect(m).not.toMatch(/龙阳|孙远方|其他单位|已被|已存在|不在您的权限范围内/);
      expect(JSON.stringify(r)).not.toContain(otherId.id);
    }
    // Nothing written: the record in school B is as it was, and no second one exists.
    expect(await app.sql('select school_id, version from student where id_number = ?', [held.idNumber])).toEqual([{ school_id: c.schools.B, version: otherId.version }]);
    expect(await app.sql('select count(*)::int as n from student where id_number = ?', [fresh.idNumber])).toEqual([{ n: 0 }]);

    // In reach, the duplicate is named as before.
    const mine = await upsert([row(fresh.idNumber)], c.users.SCHOOL_ADMIN);
    const again = await app.ok(
      `mutation ($d: [StudentInput!]!) { r: createManyStudents(data: $d, mode: VALID_ONLY) { failed rows { rule } } }`,
      { d: [row(fresh.idNumber)] },
      c.users.SCHOOL_ADMIN,
    );
    expect(mine.rows[0].status).toBe('CREATED');
    expect(again.r.rows[0].rule).toBe('DUPLICATE');
  });
});
