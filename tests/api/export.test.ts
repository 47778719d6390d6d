import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;

beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
  // 1,500 more students in school B, past react-admin's 1,000-row export limit.
  await app.sql(`insert into student (id, version, created_at, updated_at, bureau_id, name, gender, birth_date, school_id, schooling_status, focus_categories, home_teaching)
    select gen_random_uuid(), 1, now(), now(), ?, '批量学生' || i, 'FEMALE', date '2014-01-01', ?, 'IN_COUNTY', '[]', false from generate_series(1, 1500) i`, [c.bureauId, c.schools.B]);
});
afterAll(() => app.close());

const download = (path: string, token?: string) => fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const parseCsv = (text: string) => text.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(','));

describe('server-side export of every filtered row', () => {
  it('exports all rows of a filtered list as CSV with Chinese heads and labels', async () => {
    const filter = encodeURIComponent(JSON.stringify({ schoolId: c.schools.B }));
    const res = await download(`/export/Student.csv?filter=${filter}&sortField=name`, c.users.BUREAU_ADMIN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('学生'));
    const rows = parseCsv(await res.text());
    const head = rows[0];
    expect(head).toEqual(expect.arrayContaining(['姓名', '性别', '出生日期', '身份证号', '学校', '就学状态', '重点关注类别']));
    expect(rows).toHaveLength(1 + 1501);
    const col = (name: string) => head.indexOf(name);
    const zhao = rows.find((r) => r[col('姓名')] === '赵大伟')!;
    expect(zhao[col('性别')]).toBe('男');
    expect(zhao[col('学校')]).toBe('龙阳中心小学');
    expect(zhao[col('就学状态')]).toBe('县域内实际就读');
    expect(zhao[col('重点关注类别')]).toBe('建档立卡/脱贫家庭');
    expect(zhao[col('身份证号')]).toMatch(/^\d{17}[\dX]$/);
    // The name leads, the 编号 comes last, no 版本 (clerks read rows by name, not by UUID).
    expect(head[0]).toBe('姓名');
    expect(head[head.length - 1]).toBe('编号');
    expect(head).not.toContain('版本');
    expect(zhao[0]).toBe('赵大伟');
  });

  it('adds 版本 after the 编号 only for a technical reader who asks (technical=1)', async () => {
    const head = async (token: string) => parseCsv(await (await download('/export/Student.csv?technical=1', token)).text())[0];
    const admin = await head(c.users.BUREAU_ADMIN);
    expect(admin.slice(-2)).toEqual(['编号', '版本']);
    expect(admin[0]).toBe('姓名');
    const officer = await head(c.users.AID_OFFICER);
    expect(officer).not.toContain('版本');
    expect(officer[officer.length - 1]).toBe('编号');
  });

  it('applies the role: an analyst gets masked names and no notes; a teacher only their students', async () => {
    const analyst = parseCsv(await (await download('/export/Student.csv', c.users.ANALYST)).text());
    const head = analyst[0];
    expect(head).not.toContain('备注');
    const names = analyst.slice(1).map((r) => r[head.indexOf('姓名')]);
    expect(names).toContain('张*明');
    expect(names).not.toContain('张晓明');
    const teacher = parseCsv(await (await download('/export/Student.csv', c.users.TEACHER)).text());
    expect(teacher).toHaveLength(3);
    expect((await download('/export/User.csv', c.users.TEACHER)).status).toBe(403);
    expect((await download('/export/Student.csv')).status).toBe(401);
    const inference = await download(`/export/Student.csv?filter=${encodeURIComponent(JSON.stringify({ name: '张晓明' }))}`, c.users.ANALYST);
    expect(inference.status).toBe(403);
  });

  it('exports an .xlsx workbook with money in yuan', async () => {
    const res = await download('/export/AssistanceItem.xlsx?sortField=date', c.users.BUREAU_ADMIN);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('资助慰问');
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(head).toEqual(expect.arrayContaining(['学生', '资助类别', '现金金额（元）', '资金来源', '发放日期']));
    const amounts = [2, 3].map((r) => sheet.getRow(r).getCell(head.indexOf('现金金额（元）') + 1).value).sort();
    expect(amounts).toEqual([300, 500]);
    expect(sheet.getRow(2).getCell(head.indexOf('资助类别') + 1).value).toBe('慰问金');
    const audit = await app.sql("select resource, after from audit_event where action = 'VIEW' and after->>'export' = 'csv' and resource = 'Student' limit 1");
    expect(audit[0].after.rows).toBeGreaterThan(1000);
  });
});
