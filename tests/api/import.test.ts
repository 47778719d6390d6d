import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { count } from '../support/roster';
import { makeIdNumber } from '../../packages/api/src/core/validation/id-number';

// Spreadsheet imports end to end: files built here with exceljs (and as CSV), uploaded over HTTP
// to the real server, answered as NDJSON, checked against what reached PostgreSQL.

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
let s1IdNumber: string;
const VILLAGE_CODE = '610526100201';

beforeAll(async () => {
  app = await startTestApp();
  county = await createCounty(app);
  const admin = (q: string, v?: Record<string, unknown>) => app.ok(q, v, county.users.BUREAU_ADMIN);
  const c = (await admin('mutation { createRegion(code: "610526", name: "蒲城县", level: COUNTY) { id } }')).createRegion.id;
  const t = (await admin('mutation ($p: ID) { createRegion(code: "610526100", name: "城关街道", level: TOWN, parentId: $p) { id } }', { p: c })).createRegion.id;
  await admin('mutation ($p: ID, $c: String!) { createRegion(code: $c, name: "东村", level: VILLAGE, parentId: $p) { id } }', { p: t, c: VILLAGE_CODE });
  s1IdNumber = (await app.sql('select id_number from student where id = ?', [county.students.s1]))[0].id_number;
});
afterAll(() => app.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Upload {
  status: number;
  contentType: string | null;
  lines: any[];
  result?: any;
  mapping?: any;
  error?: any;
  progress: any[];
}

async function upload(resource: string, body: Buffer | string, params: Record<string, string> = {}, token: string | null = county.users.BUREAU_ADMIN, type = XLSX): Promise<Upload> {
  const res = await fetch(`${app.url}/import/${resource}?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  const lines = res.headers.get('content-type')?.includes('ndjson') ? text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [JSON.parse(text)];
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    lines,
    result: lines.find((l) => l.result)?.result,
    mapping: lines.find((l) => l.mapping)?.mapping,
    error: lines.find((l) => l.error)?.error,
    progress: lines.filter((l) => l.progress).map((l) => l.progress),
  };
}

async function download(path: string, token: string | null = county.users.BUREAU_ADMIN) {
  const res = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

async function readBook(body: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as never);
  return book;
}

const sheetRows = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};

let serial = 0;
const person = (birth: string, gender: 'MALE' | 'FEMALE') => makeIdNumber('610526', birth, 300 + 2 * ++serial, gender);

const HEADS = [
  '序号', '姓名', '性别', '出生日期', '身份证号', '民族', '户籍所在村', '家庭住址', '学校', '班级', '就学状态', '重点关注类别',
  '监护人姓名', '监护人关系', '监护人电话', '监护人2姓名', '监护人2关系', '监护人2电话',
];
const TITLE = '城关中心小学学生花名册（2024-2025学年）';

/**
 * The roster with known problems (rows as the spreadsheet numbers them: the title is row 1, the
 * heads row 2): 5 a bad check digit, 6 an unknown school, 8 the 身份证号 of row 3 again, 9 a
 * 身份证号 already in the database, 10 a date that does not exist, 11 an unknown 性别.
 */
function roster(tag: string, dates: 'excel' | 'text' = 'excel') {
  const good3 = person('2015-03-14', 'MALE');
  const badDigit = person('2015-05-01', 'FEMALE');
  const bad = badDigit.slice(0, 17) + (badDigit[17] === '1' ? '2' : '1');
  const d = (iso: string) => (dates === 'excel' ? new Date(`${iso}T00:00:00Z`) : iso);
  const rows: unknown[][] = [
    [1, `王一${tag}`, '男', d('2015-03-14'), good3, '汉族', VILLAGE_CODE, '城关街道东村3组', '城关中心小学', '三年级（1）班', '县域内实际就读', '留守儿童、家庭经济困难', `王大山${tag}`, '父亲', '13812345678', `李小花${tag}`, '母亲', '13912345678'],
    [2, `王二${tag}`, '女', '2015/3/14', person('2015-03-14', 'FEMALE'), '回族', '东村', '', 'SA01', '三年级(2)班', '', '', `王二父${tag}`, '父亲', '13700001111', '', '', ''],
    [3, `王三${tag}`, '女', d('2015-05-01'), bad, '汉族', '', '', '城关中心小学', '三年级（1）班', '', '', '', '', '', '', '', ''],
    [4, `王四${tag}`, '男', d('2015-06-01'), person('2015-06-01', 'MALE'), '汉族', '', '', '不存在小学', '三年级（1）班', '', '', '', '', '', '', '', ''],
    [5, `王五${tag}`, '男', '2015年3月14日', person('2015-03-14', 'MALE'), '汉族', '', '', 'SA01', '', '', '孤儿', '', '', '', `王五奶奶${tag}`, '祖母', '13612345678'],
    [6, `王六${tag}`, '男', d('2015-03-14'), good3, '汉族', '', '', 'SA01', '', '', '', '', '', '', '', '', ''],
    [7, '张晓明', '男', d('2015-04-01'), s1IdNumber, '汉族', '', `城关街道${tag}号`, '城关中心小学', '三年级（1）班', '', '', '', '', '', '', '', ''],
    [8, `王八${tag}`, '女', '2015-02-30', person('2015-02-28', 'FEMALE'), '汉族', '', '', 'SA01', '', '', '', '', '', '', '', '', ''],
    [9, `王九${tag}`, '未知', d('2015-03-14'), person('2015-03-14', 'MALE'), '汉族', '', '', 'SA01', '', '', '', '', '', '', '', '', ''],
    [10, `王十${tag}`, '女', d('2019-09-09'), person('2019-09-09', 'FEMALE'), '汉族', '', '', '城关中心幼儿园', '大班', '', '', `王十母${tag}`, '母亲', '13512345678', '', '', ''],
  ];
  return rows;
}

/** The rows and columns the roster's problems are in, by rule. */
const EXPECTED_ERRORS = [
  [5, '身份证号', 'ID_NUMBER_CHECK_DIGIT'],
  [6, '学校', 'REFERENCE_NOT_FOUND'],
  [8, '身份证号', 'DUPLICATE_IN_BATCH'],
  [9, '身份证号', 'DUPLICATE'],
  [10, '出生日期', 'DATE_FORMAT'],
  [11, '性别', 'ENUM_VALUE'],
];

async function xlsx(rows: unknown[][], heads = HEADS, title: string | null = TITLE): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('花名册');
  if (title) sheet.addRow([title]);
  sheet.addRow(heads);
  for (const r of rows) sheet.addRow(r);
  sheet.getColumn(4).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvCell = (v: unknown) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csv = (rows: unknown[][], heads = HEADS, title: string | null = TITLE) =>
  '\uFEFF' + [...(title ? [[title]] : []), heads, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

const errorsOf = (result: any) => result.errors.map((e: any) => [e.row, e.column, e.rule]).sort((a: any, b: any) => a[0] - b[0]);

describe('importing a roster (.xlsx)', () => {
  it('a dry run reports exactly the bad rows, by spreadsheet row and column, and writes nothing', async () => {
    const [students, guardians] = [await count(app, 'student'), await count(app, 'guardian')];
    const file = await xlsx(roster('甲'));
    const r = await upload('Student', file, { dryRun: 'true', op: 'create', fileName: '花名册.xlsx' });
    expect(r.status).toBe(200);
    expect(r.contentType).toContain('application/x-ndjson');
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ dryRun: true, committed: false, op: 'create', total: 10, created: 4, failed: 6, unmatched: [] });
    expect(errorsOf(r.result)).toEqual(EXPECTED_ERRORS);
    const byRow = Object.fromEntries(r.result.errors.map((e: any) => [e.row, e]));
    expect(byRow[8].message).toBe('与第 3 行的身份证号重复');
    expect(byRow[9]).toMatchObject({ code: 'CONFLICT', field: 'idNumber' });
    expect(byRow[6]).toMatchObject({ field: 'schoolId', message: expect.stringContaining('不存在小学') });
    expect(byRow[11].message).toContain('男、女');
    expect(r.result.columns).toEqual(expect.arrayContaining([
      { header: '姓名', field: 'name', label: '姓名' },
      { header: '学校', field: 'schoolId', label: '学校' },
      { header: '监护人2电话', field: 'guardians.1.phone', label: '监护人2电话' },
      { header: '序号', field: null, label: null },
    ]));
    expect(r.progress.at(-1)).toMatchObject({ rows: 10, failed: 6, bytes: file.length, totalBytes: file.length });
    expect([await count(app, 'student'), await count(app, 'guardian')]).toEqual([students, guardians]);
  });

  it('VALID_ONLY writes the good rows with their guardians, updates by 身份证号, and reports the rest', async () => {
    const before = await count(app, 'student');
    const rows = roster('乙');
    const r = await upload('Student', await xlsx(rows), { mode: 'VALID_ONLY', fileName: '花名册.xlsx' });
    expect(r.result).toMatchObject({ committed: true, op: 'upsert', total: 10, created: 4, updated: 1, failed: 5 });
    // Upserting by 身份证号, a number already in the database updates that student instead of failing.
    expect(errorsOf(r.result)).toEqual(EXPECTED_ERRORS.filter(([row]) => row !== 9));
    expect(await count(app, 'student')).toBe(before + 4);
    const one = await app.sql(
      `select s.name, s.gender, s.birth_date::text as birth, s.household_village_id is not null as village, sc.code, c.name as class, s.focus_categories
         from student s join school sc on sc.id = s.school_id left join school_class c on c.id = s.class_id where s.id_number = ?`,
      [rows[0][4]],
    );
    expect(one).toEqual([{ name: '王一乙', gender: 'MALE', birth: '2015-03-14', village: true, code: 'SA01', class: '三年级（1）班', focus_categories: [{ category: 'LEFT_BEHIND' }, { category: 'ECONOMIC_HARDSHIP' }] }]);
    const guardians = await app.sql('select g.name, g.relation, g.phone from guardian g join student s on s.id = g.student_id where s.id_number = ? order by g.name', [rows[0][4]]);
    expect(guardians).toEqual([{ name: '李小花乙', relation: 'MOTHER', phone: '13912345678' }, { name: '王大山乙', relation: 'FATHER', phone: '13812345678' }]);
    // 监护人2 alone (row 7) is the student's one guardian; 祖母 is the label 祖母/外祖母.
    const grandma = await app.sql('select g.relation from guardian g join student s on s.id = g.student_id where s.name = ?', ['王五乙']);
    expect(grandma).toEqual([{ relation: 'GRANDMOTHER' }]);
    // Half-width brackets find 三年级（2）班; a village by name; the kindergarten's 大班.
    expect(await app.sql('select c.name from student s join school_class c on c.id = s.class_id where s.name = ?', ['王二乙'])).toEqual([{ name: '三年级（2）班' }]);
    expect(await app.sql('select c.name from student s join school_class c on c.id = s.class_id where s.name = ?', ['王十乙'])).toEqual([{ name: '大班' }]);
    const s1 = await app.sql('select address, version from student where id = ?', [county.students.s1]);
    expect(s1).toEqual([{ address: '城关街道乙号', version: 2 }]);
    // Each write is audited with the importing user, as a single mutation is.
    const events = await app.sql("select count(*)::int as n, count(distinct actor_id)::int as actors from audit_event where resource = 'Student' and action = 'CREATE' and after->>'name' like '%乙'");
    expect(events).toEqual([{ n: 4, actors: 1 }]);

    // The error report: the failed rows as they were, with their row numbers and what is wrong.
    expect(r.result.errorReport).toMatch(/^\/import\/reports\/[0-9a-f-]{36}\.xlsx$/);
    const report = await download(r.result.errorReport);
    expect(report.status).toBe(200);
    expect(report.type).toContain('spreadsheetml');
    const sheet = (await readBook(report.body)).worksheets[0];
    const lines = sheetRows(sheet);
    expect(lines[0]).toEqual([...HEADS, '原行号', '错误说明']);
    expect(lines.slice(1).map((l) => l[HEADS.length])).toEqual([5, 6, 8, 10, 11]);
    const bySheetRow = Object.fromEntries(lines.slice(1).map((l) => [l[HEADS.length], l]));
    expect(bySheetRow[5][1]).toBe('王三乙');
    expect(bySheetRow[5][HEADS.length + 1]).toBe('【身份证号】身份证号校验码错误');
    expect(String(bySheetRow[6][HEADS.length + 1])).toContain('【学校】找不到学校“不存在小学”');
    expect(bySheetRow[8][4]).toBe(rows[0][4]);
    // Only the user who imported reads it; without a token, nobody.
    expect((await download(r.result.errorReport, county.users.SCHOOL_ADMIN)).status).toBe(404);
    expect((await download(r.result.errorReport, null)).status).toBe(401);

    // The fixed report imports again (原行号 and 错误说明 are left alone).
    const fixed = new ExcelJS.Workbook();
    const fixedSheet = fixed.addWorksheet('改正');
    fixedSheet.addRow(lines[0]);
    fixedSheet.addRow([...bySheetRow[11].slice(0, 2), '男', ...bySheetRow[11].slice(3)]);
    const again = await upload('Student', Buffer.from(await fixed.xlsx.writeBuffer()), { dryRun: 'true' });
    expect(again.result).toMatchObject({ created: 1, failed: 0, unmatched: [] });
  });

  it('ALL_OR_NOTHING with a bad row writes nothing', async () => {
    const [students, guardians] = [await count(app, 'student'), await count(app, 'guardian')];
    const r = await upload('Student', await xlsx(roster('丙')), { mode: 'ALL_OR_NOTHING' });
    expect(r.result).toMatchObject({ committed: false, dryRun: false, created: 0, updated: 0, failed: 5, notWritten: 5 });
    expect([await count(app, 'student'), await count(app, 'guardian')]).toEqual([students, guardians]);
  });

  it('reads the same roster as CSV (UTF-8 with BOM, or GBK as Excel saves it)', async () => {
    const before = await count(app, 'student');
    const r = await upload('Student', csv(roster('丁', 'text')), { dryRun: 'true', op: 'create' }, county.users.BUREAU_ADMIN, 'text/csv');
    expect(r.result).toMatchObject({ total: 10, created: 4, failed: 6 });
    expect(errorsOf(r.result)).toEqual(EXPECTED_ERRORS);
    // GB18030 bytes, named by ?format= instead of the content type.
    const gbk = new TextEncoderGbk().encode(csv(roster('戊', 'text')).replace('\uFEFF', ''));
    const g = await upload('Student', gbk, { dryRun: 'true', op: 'create', format: 'csv' }, county.users.BUREAU_ADMIN, 'application/octet-stream');
    expect(g.result).toMatchObject({ total: 10, created: 4, failed: 6 });
    expect(errorsOf(g.result)).toEqual(EXPECTED_ERRORS);
    expect(await count(app, 'student')).toBe(before);
  });

  it('asks for a mapping when heads do not match, writing nothing, then imports with it', async () => {
    const before = await count(app, 'student');
    const heads = ['名字', '性别', '出生日期', '身份证号码', '学校名称', '家长姓名', '备注栏'];
    const id = person('2016-01-02', 'FEMALE');
    const rows = [[`映射${serial}`, '女', '2016-01-02', id, '城关中心小学', '映射家长', '无']];
    const r = await upload('Student', await xlsx(rows, heads, null));
    // The whole answer when it is not the mapping request (seen once in CI under load: it names why).
    expect(r.mapping ? 'mapping' : r.lines).toBe('mapping');
    expect(r.result).toBeUndefined();
    expect(r.mapping.unmatched).toEqual(['名字', '家长姓名', '备注栏']);
    expect(r.mapping.missing).toEqual(['name']);
    expect(r.mapping.columns).toEqual(expect.arrayContaining([{ header: '身份证号码', field: 'idNumber', label: '身份证号' }, { header: '学校名称', field: 'schoolId', label: '学校' }]));
    expect(r.mapping.fields).toEqual(expect.arrayContaining([
      { field: 'name', label: '姓名', required: true },
      { field: 'guardians.0.name', label: '监护人姓名', required: false },
      { field: 'guardians.1.phone', label: '监护人2电话', required: false },
    ]));
    expect(await count(app, 'student')).toBe(before);

    const mapping = JSON.stringify({ 名字: 'name', 家长姓名: null, 备注栏: 'note' });
    const done = await upload('Student', await xlsx(rows, heads, null), { mapping });
    expect(done.result).toMatchObject({ committed: true, created: 1, failed: 0, unmatched: [] });
    expect(await app.sql('select name, note from student where id_number = ?', [id])).toEqual([{ name: rows[0][0], note: '无' }]);
  });

  // (A lone surrogate cannot reach a file: UTF-8 has no encoding for it.)
  it('refuses a cell holding a NUL byte where it stands, never an internal error', async () => {
    const rows = [
      [1, '空字\u0000符', '男', '2015-03-14', person('2015-03-14', 'MALE'), '', '', '', 'SA01', '三年级（1）班', '', '', '', '', '', '', '', ''],
      [2, '学校空字', '男', '2015-03-14', person('2015-03-14', 'MALE'), '', '', '', 'SA01\u0000', '三年级（1）班', '', '', '', '', '', '', '', ''],
    ];
    const before = await app.sql('select count(*)::int as n from student');
    const r = await upload('Student', csv(rows), { mode: 'VALID_ONLY' }, county.users.BUREAU_ADMIN, 'text/csv');
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ committed: true, created: 0, failed: 2 });
    expect(r.result.errors.map((e: any) => [e.row, e.column, e.rule])).toEqual(
      expect.arrayContaining([[3, '姓名', 'NUL_CHARACTER'], [4, '学校', 'NUL_CHARACTER']]),
    );
    expect(await app.sql('select count(*)::int as n from student')).toEqual(before);
  });

  it('lets a principal import into their own school only', async () => {
    const rows = [
      [1, '校长导入甲', '男', '2015-03-14', person('2015-03-14', 'MALE'), '', '', '', 'SA01', '三年级（1）班', '', '', '', '', '', '', '', ''],
      [2, '校长导入乙', '男', '2015-03-14', person('2015-03-14', 'MALE'), '', '', '', '龙阳中心小学', '', '', '', '', '', '', '', '', ''],
      [3, '校长导入丙', '男', '2015-03-14', person('2015-03-14', 'MALE'), '', '', '', 'SB01', '三年级（1）班', '', '', '', '', '', '', '', ''],
    ];
    const r = await upload('Student', csv(rows), { mode: 'VALID_ONLY' }, county.users.SCHOOL_ADMIN, 'text/csv');
    expect(r.result).toMatchObject({ committed: true, created: 1, failed: 2 });
    expect(r.result.errors.map((e: any) => [e.row, e.column, e.code, e.rule])).toEqual([
      // Another school is not found, as one that does not exist (tests/api/probing.test.ts).
      [4, '学校', 'BAD_USER_INPUT', 'REFERENCE_NOT_FOUND'],
      [5, '学校', 'BAD_USER_INPUT', 'REFERENCE_NOT_FOUND'],
    ]);
    expect(await app.sql("select name, school_id from student where name like '校长导入%'")).toEqual([{ name: '校长导入甲', school_id: county.schools.A }]);
    // A teacher may not import students at all.
    const teacher = await upload('Student', csv(rows), {}, county.users.TEACHER, 'text/csv');
    expect(teacher.status).toBe(403);
  });
});

describe('retries, guardians and old reports', () => {
  const one = (name: string, extra: unknown[] = ['', '', '', '', '', '']) => [
    [1, name, '男', '2015-03-14', person('2015-03-14', 'MALE'), '', '', '', 'SA01', '', '', '', ...extra],
  ];

  it('names the column of a bad guardian phone, whichever guardian it is', async () => {
    const r = await upload('Student', csv(one('电话错', ['', '', '', '电话错母', '母亲', '123'])), { dryRun: 'true' }, county.users.BUREAU_ADMIN, 'text/csv');
    expect(r.result.errors).toEqual([expect.objectContaining({ row: 3, column: '监护人2电话', field: 'guardians.1.phone', rule: 'PHONE_FORMAT' })]);
  });

  it('answers a retry with the same idempotency key from the first import, without writing again', async () => {
    const file = csv(one('重试甲'));
    const first = await upload('Student', file, { idempotencyKey: 'import-retry-0001' }, county.users.BUREAU_ADMIN, 'text/csv');
    expect(first.result).toMatchObject({ committed: true, created: 1, replayed: false });
    const before = await count(app, 'student');
    const again = await upload('Student', file, { idempotencyKey: 'import-retry-0001' }, county.users.BUREAU_ADMIN, 'text/csv');
    expect(again.result).toMatchObject({ committed: true, created: 1, replayed: true });
    expect(await count(app, 'student')).toBe(before);
    const other = await upload('Student', csv(one('重试乙')), { idempotencyKey: 'import-retry-0001' }, county.users.BUREAU_ADMIN, 'text/csv');
    expect(other.error).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await count(app, 'student')).toBe(before);
  });

  it('keeps error reports seven days: older ones are gone once a new one is written', async () => {
    const bad = csv([[1, '报告甲', '不知', '2015-03-14', '', '', '', '', 'SA01', '', '', '', '', '', '', '', '', '']]);
    const first = (await upload('Student', bad, { dryRun: 'true' }, county.users.BUREAU_ADMIN, 'text/csv')).result;
    expect((await download(first.errorReport)).status).toBe(200);
    const id = /reports\/(.+)\.xlsx/.exec(first.errorReport)![1];
    const stored = await app.sql('select bureau_id, created_by, rows from import_report where id = ?', [id]);
    expect(stored).toEqual([{ bureau_id: county.bureauId, created_by: expect.any(String), rows: 1 }]);
    await app.sql("update import_report set created_at = now() - interval '8 days' where id = ?", [id]);
    expect((await download(first.errorReport)).status).toBe(404);
    await upload('Student', bad, { dryRun: 'true' }, county.users.BUREAU_ADMIN, 'text/csv');
    expect(await app.sql('select id from import_report where id = ?', [id])).toEqual([]);
  });
});

describe('templates, other resources and the rules of the endpoint', () => {
  it('serves a template with the heads, an example row and a 说明 sheet; its example passes a dry run', async () => {
    const t = await download('/import/Student/template.xlsx');
    expect(t.status).toBe(200);
    const book = await readBook(t.body);
    const [heads, example] = sheetRows(book.worksheets[0]);
    expect(heads.slice(0, 16)).toEqual(['姓名', '性别', '出生日期', '身份证号', '全国学籍号', '民族', '户籍所在村', '家庭住址', '学校', '班级', '就学状态', '重点关注类别', '残疾类别', '残疾等级', '送教上门', '备注']);
    expect(heads).toEqual(expect.arrayContaining(['监护人姓名', '监护人关系', '监护人电话', '监护人备用电话', '监护人2姓名', '监护人2电话']));
    expect(example[0]).toBe('张明');
    const notes = sheetRows(book.getWorksheet('说明')!).map((r) => r.join(' ')).join('\n');
    expect(notes).toContain('县域内实际就读、县域外就读');
    expect(notes).toContain('男、女');
    expect(notes).toContain('2015年3月14日');
    expect(notes).toContain('以元为单位');
    const dry = await upload('Student', t.body, { dryRun: 'true' });
    expect(dry.result).toMatchObject({ total: 1, failed: 0, created: 1 });

    const aid = await readBook((await download('/import/AssistanceItem/template.xlsx')).body);
    expect(sheetRows(aid.worksheets[0])[0]).toEqual(expect.arrayContaining(['学生', '资助类别', '现金金额（元）', '发放日期']));
    expect((await download('/import/Nothing/template.xlsx')).status).toBe(404);
  });

  it('refuses without a token (401) and names bad arguments', async () => {
    expect((await download('/import/Student/template.xlsx', null)).status).toBe(401);
    const r = await upload('Student', csv([]), {}, null, 'text/csv');
    expect(r.status).toBe(401);
    expect(r.lines[0]).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await upload('Student', csv([]), { mode: 'SOME' }, county.users.BUREAU_ADMIN, 'text/csv')).lines[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mode' });
    expect((await upload('Nothing', csv([]), {}, county.users.BUREAU_ADMIN, 'text/csv')).status).toBe(404);
    const broken = await upload('Student', Buffer.from('not a zip file at all'), {});
    expect(broken.error).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FILE_FORMAT' });
  });

  it('imports aid items with money in yuan, and staff and classes found by name within their school', async () => {
    const aid = [
      ['学生身份证号', '资助类别', '金额（元）', '资金来源', '发放日期', '资助内容'],
      [s1IdNumber, '慰问金', '1,200.50', '生均公用经费', '2025/1/20', '春节慰问'],
      [s1IdNumber, '慰问品', '', '社会捐助', '2025-01-21', '书包'],
    ];
    const r = await upload('AssistanceItem', csv(aid.slice(1), aid[0], null), { mode: 'VALID_ONLY' }, county.users.BUREAU_ADMIN, 'text/csv');
    expect(r.result).toMatchObject({ created: 1, failed: 1 });
    expect(r.result.errors[0]).toMatchObject({ row: 3, rule: 'GOODS_VALUE_REQUIRED' });
    expect(await app.sql("select cash_fen, school_id, school_year, semester from assistance_item where description = '春节慰问' and date = '2025-01-20'")).toEqual([
      { cash_fen: 120050, school_id: county.schools.A, school_year: '2024-2025', semester: 'FIRST' },
    ]);

    const staff = [['姓名', '学校', '职务', '手机'], ['导入老师', '城关中心小学', '班主任', '13800138000']];
    expect((await upload('StaffMember', staff.map((l) => l.join(',')).join('\n'), {}, county.users.BUREAU_ADMIN, 'text/csv')).result).toMatchObject({ created: 1 });
    const classes = [['学校', '年级', '班级名称', '班主任', '任课教师', '学年'], ['SA01', '四年级', '四年级（1）班', '导入老师', '李老师、王老师', '2024-2025']];
    const text = classes.map((l) => l.join(',')).join('\n');
    expect((await upload('SchoolClass', text, {}, county.users.BUREAU_ADMIN, 'text/csv')).result).toMatchObject({ created: 1, failed: 0 });
    // Upserted by school, school year and name: the second time nothing changes.
    expect((await upload('SchoolClass', text, {}, county.users.BUREAU_ADMIN, 'text/csv')).result).toMatchObject({ created: 0, unchanged: 1 });
    const stored = await app.sql(
      `select c.grade, h.name as head, (select count(*)::int from school_class_teachers t where t.school_class_id = c.id) as teachers
         from school_class c join staff_member h on h.id = c.head_teacher_id where c.name = '四年级（1）班'`,
    );
    expect(stored).toEqual([{ grade: 4, head: '导入老师', teachers: 2 }]);
  });

  it('lists the importable resources for the role', async () => {
    const admin = await app.ok('{ importableResources { resource label op key keyLabel templatePath uploadPath } }', {}, county.users.BUREAU_ADMIN);
    expect(admin.importableResources.map((i: any) => i.resource).sort()).toEqual(['AssistanceItem', 'RosterEntry', 'SchoolClass', 'StaffMember', 'Student']);
    expect(admin.importableResources.find((i: any) => i.resource === 'Student')).toEqual({
      resource: 'Student', label: '学生', op: 'upsert', key: 'ID_NUMBER', keyLabel: '身份证号', templatePath: '/import/Student/template.xlsx', uploadPath: '/import/Student',
    });
    const teacher = await app.ok('{ importableResources { resource } }', {}, county.users.TEACHER);
    expect(teacher.importableResources).toEqual([]);
  });
});

describe('a large file', () => {
  it('streams a 20,000-row CSV through in chunks, with progress, and counts right', async () => {
    const before = await count(app, 'student');
    const lines = ['姓名,性别,出生日期,身份证号,学校,班级,监护人姓名,监护人关系,监护人电话'];
    for (let i = 0; i < 20_000; i++) {
      const day = new Date(Date.UTC(2010, 0, 1) + (i % 3000) * 86_400_000).toISOString().slice(0, 10);
      const id = makeIdNumber('610527', day, Math.floor(i / 3000) * 2 + 1, 'MALE');
      lines.push(`大批${i},男,${day},${id},SA01,三年级（1）班,家长${i},父亲,138${String(i).padStart(8, '0')}`);
    }
    const body = lines.join('\n');
    const started = Date.now();
    const r = await upload('Student', body, { mode: 'ALL_OR_NOTHING' }, county.users.BUREAU_ADMIN, 'text/csv');
    const seconds = (Date.now() - started) / 1000;
    console.log(`20,000-row CSV import: ${seconds.toFixed(1)} s`);
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ committed: true, total: 20_000, created: 20_000, failed: 0 });
    expect(r.progress.length).toBeGreaterThanOrEqual(20);
    expect(r.progress.map((p) => p.rows)).toEqual([...r.progress.map((p) => p.rows)].sort((a, b) => a - b));
    expect(await count(app, 'student')).toBe(before + 20_000);
    expect(await app.sql("select count(*)::int as n from guardian where name like '家长%'")).toEqual([{ n: 20_000 }]);
  }, 120_000);
});

/** GB18030 bytes of a string, as Excel on Chinese Windows saves a CSV (Node decodes GB18030 but cannot encode it). */
class TextEncoderGbk {
  private static table?: Map<string, number[]>;

  encode(text: string): Buffer {
    const table = TextEncoderGbk.build();
    const out: number[] = [];
    for (const ch of text) {
      if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
      else {
        const bytes = table.get(ch);
        if (!bytes) throw new Error(`no GBK code for ${ch}`);
        out.push(...bytes);
      }
    }
    return Buffer.from(out);
  }

  private static build() {
    if (this.table) return this.table;
    const decoder = new TextDecoder('gb18030');
    const table = new Map<string, number[]>();
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.from([hi, lo]));
        if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [hi, lo]);
      }
    }
    return (this.table = table);
  }
}
