import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app';
import { createReportCounty, type ReportCounty } from '../support/report-county';

// Every figure below is counted by hand from tests/support/report-county.ts (see its comments),
// not by running the reports' SQL again.

let app: TestApp;
let county: ReportCounty;
beforeAll(async () => {
  app = await startTestApp();
  county = await createReportCounty(app);
});
afterAll(() => app.close());

type Args = Record<string, unknown>;
const argText = (args: Args) =>
  Object.entries(args).map(([k, v]) => `${k}: ${k === 'groupBy' || k === 'semester' ? v : k === 'rules' ? `[${(v as string[]).join(', ')}]` : JSON.stringify(v)}`).join(', ');

async function report(name: string, args: Args, cols: string[], token = county.users.BUREAU_ADMIN) {
  const fields = `unitName rowType ${cols.join(' ')}`;
  const res = await app.gql(`{ r: ${name}${Object.keys(args).length ? `(${argText(args)})` : ''} { title unitName period from to rows { ${fields} } total { ${fields} } } }`, {}, token);
  if (res.errors) return { errors: res.errors };
  const r = res.data.r;
  const line = (row: any) => [row.unitName, ...cols.map((c) => row[c])];
  return { ...r, lines: r.rows.map((row: any) => (row.rowType === 'SUBTOTAL' ? ['小计', ...line(row)] : line(row))), totalLine: line(r.total) };
}

async function download(name: string, query: string, token = county.users.BUREAU_ADMIN) {
  const res = await fetch(`${app.url}/reports/${name}.xlsx?${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (res.status !== 200) return { status: res.status, body: await res.json() };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = book.worksheets[0];
  const row = (n: number) => Array.from((sheet.getRow(n).values as unknown[]).slice(1), (v) => v ?? null);
  return { status: 200, book, sheet, row, disposition: res.headers.get('content-disposition') };
}

describe('consolation totals (000 慰问金额统计表)', () => {
  const cols = ['students', 'cashFen', 'goodsValueFen'];

  it('sums kindergartens and teaching points into their central school', async () => {
    const r = await report('consolationReport', { schoolYear: '2024-2025' }, cols);
    // A: 学生一 cash 500 + goods 120, 学生四 (kindergarten) cash 300, 学生五 (teaching point) supplies 80;
    // B: 学生六 cash 400. The 2024-08 item is last school year; subsidies and donations are not consolation.
    expect(r.lines).toEqual([
      ['城关中心小学', 3, 80000, 20000],
      ['龙阳初级中学', 1, 40000, 0],
    ]);
    expect(r.totalLine).toEqual(['合计', 4, 120000, 20000]);
    expect(r.period).toBe('2024-2025学年');
  });

  it('lists each school on its own, every school even with nothing given', async () => {
    const r = await report('consolationReport', { schoolYear: '2024-2025', groupBy: 'SCHOOL' }, cols);
    expect(r.lines).toEqual([
      ['城关中心小学', 1, 50000, 12000],
      ['城关中心幼儿园', 1, 30000, 0],
      ['东村教学点', 1, 0, 8000],
      ['龙阳初级中学', 1, 40000, 0],
    ]);
  });

  it('narrows to a campaign: the items handed out on its visits', async () => {
    const r = await report('consolationReport', { campaignId: county.campaigns.CA }, cols);
    expect(r.totalLine).toEqual(['合计', 2, 90000, 0]);
    expect(r.from).toBe('2024-10-01');
    expect(r.to).toBe('2025-01-31');
  });

  it('downloads as the seed form: title, heads, rows in yuan, totals and the note', async () => {
    const x = await download('consolationReport', 'schoolYear=2024-2025');
    expect(x.status).toBe(200);
    expect(x.disposition).toContain(encodeURIComponent('慰问金额统计表'));
    expect(x.sheet!.getCell('A1').value).toBe('测试县教育局慰问金额统计表');
    expect(String(x.sheet!.getCell('A2').value)).toContain('报送单位：测试县教育局');
    expect(x.row!(3)).toEqual(['序号', '学校名称', '慰问学生人数', '现金(元)', '慰问品(价值元)', '备注']);
    expect(x.row!(4)).toEqual([1, '城关中心小学', 3, 800, 200]);
    expect(x.row!(5)).toEqual([2, '龙阳初级中学', 1, 400, 0]);
    expect(x.row!(6)).toEqual([null, '合计', 4, 1200, 200]);
    expect(x.sheet!.getCell('D4').numFmt).toBe('#,##0.00');
    expect(x.row!(8)[0]).toBe('备注：小学含所属幼儿园都以中心小学为单位填报合计数。');
  });
});

describe('campaign coverage (001 活动情况统计表)', () => {
  const cols = ['teachers', 'staff', 'teacherRate', 'toVisit', 'visited', 'students', 'visitRate', 'coverageRate'];

  it('counts the roster, the students visited, and the teachers who went', async () => {
    const r = await report('campaignCoverageReport', { campaignId: county.campaigns.CA }, cols);
    // Roster: 学生一二三 at A, 学生六七 at B; visited 学生一 (王一 with 王二), 学生二 (王三), 学生六 (白一).
    expect(r.lines).toEqual([
      ['城关中心小学', 3, 3, 100, 3, 2, 4, 66.7, 50],
      ['城关中心幼儿园', 0, 1, 0, 0, 0, 1, null, 0],
      ['东村教学点', 0, 1, 0, 0, 0, 1, null, 0],
      ['龙阳初级中学', 1, 3, 33.3, 2, 1, 3, 50, 33.3],
    ]);
    expect(r.totalLine).toEqual(['合计', 4, 8, 50, 5, 3, 9, 60, 33.3]);
  });

  it('targets the enrolled students of its categories when it has no roster', async () => {
    const r = await report('campaignCoverageReport', { campaignId: county.campaigns.CB, groupBy: 'COUNTY' }, ['toVisit', 'visited', 'visitRate', 'teachers']);
    // 留守 学生一 (visited by phone) and 建档立卡 学生六 (not in this campaign).
    expect(r.lines).toEqual([['测试县教育局', 2, 1, 50, 1]]);
  });

  it('needs its campaign', async () => {
    const res = await app.gql('{ campaignCoverageReport { total { visited } } }', {}, county.users.BUREAU_ADMIN);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const x = await download('campaignCoverageReport', '');
    expect(x.status).toBe(400);
    expect(x.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId' });
  });

  it('downloads with the form heads and percentages', async () => {
    const x = await download('campaignCoverageReport', `campaignId=${county.campaigns.CA}`);
    expect(x.row!(3)).toEqual(['序号', '单位', '参与家访教师数量', '走访率', '家访学生数量', '已走访人数', '学生总数', '家访率']);
    expect(x.row!(4)).toEqual([1, '城关中心小学', 3, 100, 3, 2, 4, 66.7]);
    expect(x.row!(8)).toEqual([null, '合计', 4, 50, 5, 3, 9, 60]);
    expect(x.sheet!.getCell('A1').value).toBe('测试县教育局“2024年秋季大家访”活动情况统计表');
  });
});

describe('school visit statistics (002 附件3-2)', () => {
  const cols = ['staff', 'staffVisiting', 'staffRate', 'students', 'visitedStudents', 'visitedRate', 'visits', 'inPersonVisits', 'inPersonShare', 'phoneVisits', 'phoneShare', 'smsVisits', 'smsShare', 'onlineVisits', 'onlineShare', 'suggestions'];

  it('counts staff, students visited, visits by form with shares, and suggestions', async () => {
    const r = await report('visitStatisticsReport', { schoolYear: '2024-2025' }, cols);
    expect(r.lines).toEqual([
      // 5 visits: in person (学生一, 学生十一 twice), phone, online; 王四 is not on staff any more.
      ['城关中心小学', 3, 3, 100, 4, 3, 75, 5, 3, 60, 1, 20, 0, 0, 1, 20, 2],
      ['城关中心幼儿园', 1, 0, 0, 1, 0, 0, 0, 0, null, 0, null, 0, null, 0, null, 0],
      ['东村教学点', 1, 1, 100, 1, 1, 100, 1, 1, 100, 0, 0, 0, 0, 0, 0, 0],
      // An appointment at school (约访) counts as face to face; 白三's visit is still out.
      ['龙阳初级中学', 3, 2, 66.7, 3, 2, 66.7, 5, 3, 60, 1, 20, 1, 20, 0, 0, 1],
    ]);
    expect(r.totalLine).toEqual(['合计', 8, 6, 75, 9, 6, 66.7, 11, 7, 63.6, 2, 18.2, 1, 9.1, 1, 9.1, 3]);
  });

  it('takes a semester as its period', async () => {
    const r = await report('visitStatisticsReport', { schoolYear: '2024-2025', semester: 'SECOND', schoolId: county.schools.A, groupBy: 'SCHOOL' }, ['staffVisiting', 'staffRate', 'visitedStudents', 'visitedRate', 'visits', 'inPersonVisits', 'phoneVisits']);
    expect(r.period).toBe('2024-2025学年第二学期');
    expect(r.lines).toEqual([
      ['城关中心小学', 2, 66.7, 2, 50, 2, 1, 1],
      ['城关中心幼儿园', 0, 0, 0, 0, 0, 0, 0],
      ['东村教学点', 1, 100, 1, 100, 1, 1, 0],
    ]);
  });

  it('groups by central school and by town', async () => {
    const byUnit = await report('visitStatisticsReport', { schoolYear: '2024-2025', groupBy: 'REPORTING_UNIT' }, ['staff', 'staffVisiting', 'students', 'visitedStudents', 'visitedRate', 'visits']);
    expect(byUnit.lines).toEqual([['城关中心小学', 5, 4, 6, 4, 66.7, 6], ['龙阳初级中学', 3, 2, 3, 2, 66.7, 5]]);
    const byTown = await report('visitStatisticsReport', { schoolYear: '2024-2025', groupBy: 'TOWN' }, ['students', 'visits']);
    expect(byTown.lines).toEqual([['城关镇', 6, 6], ['龙阳镇', 3, 5]]);
  });

  it('downloads with the form type heads spanning their columns', async () => {
    const x = await download('visitStatisticsReport', 'schoolYear=2024-2025');
    const heads = x.row!(3);
    expect(heads.slice(0, 8)).toEqual(['序号', '单位名称', '干部教师总数', '参与家访的干部教师数', '参与家访的干部教师占干部教师总数的比例（%）', '学生总数', '被家访的学生数', '被家访的学生占学生总数的比例（%）']);
    expect(heads[8]).toBe('家访形式统计');
    // Letters are not on the seed's form; shown so the shares add up to 100%.
    expect(x.row!(4).slice(8, 18)).toEqual(['面对面家访数', '占家访数比例（%）', '电话家访数', '占家访数比例（%）', '短信家访数', '占家访数比例（%）', '网络家访数', '占家访数比例（%）', '信件家访数', '占家访数比例（%）']);
    expect(heads.slice(18)).toEqual(['征集家长意见和建议数量', '备注']);
    expect(x.sheet!.getCell('I3').isMerged).toBe(true);
    expect(x.row!(5)).toEqual([1, '城关中心小学', 3, 3, 100, 4, 3, 75, 3, 60, 1, 20, 0, 0, 1, 20, 0, 0, 2]);
    expect(x.row!(9)).toEqual([null, '合计', 8, 6, 75, 9, 6, 66.7, 7, 63.6, 2, 18.2, 1, 9.1, 1, 9.1, 0, 0, 3]);
  });

  it('downloads the seed form laid out vertically too, one sheet per school, letters included so the shares add up', async () => {
    const x = await download('visitStatisticsReport', 'schoolYear=2024-2025');
    expect(x.book!.worksheets.map((w) => w.name)).toEqual(['“教师大家访”活动学校情况统计表', '城关中心小学', '城关中心幼儿园', '东村教学点', '龙阳初级中学']);
    const form = x.book!.getWorksheet('龙阳初级中学')!;
    const cells = (n: number) => Array.from((form.getRow(n).values as unknown[]).slice(1), (v) => v ?? null);
    expect(form.getCell('A1').value).toBe('“教师大家访”活动学校情况统计表');
    expect(String(form.getCell('A2').value)).toContain('单位名称（章）：龙阳初级中学');
    expect(cells(3)).toEqual(['干部教师总数', '干部教师总数', 3]);
    expect(cells(8)).toEqual(['被家访的学生占学生总数的比例（%）', '被家访的学生占学生总数的比例（%）', 66.7]);
    // 家访形式统计 spans its ten heads down the first column.
    expect(form.getCell('A9').value).toBe('家访形式统计');
    expect(form.getCell('A18').isMerged).toBe(true);
    expect([9, 10, 11, 12, 13, 14, 15, 16, 17, 18].map((n) => cells(n).slice(1))).toEqual([
      ['面对面家访数', 3], ['占家访数比例（%）', 60], ['电话家访数', 1], ['占家访数比例（%）', 20], ['短信家访数', 1], ['占家访数比例（%）', 20],
      ['网络家访数', 0], ['占家访数比例（%）', 0], ['信件家访数', 0], ['占家访数比例（%）', 0],
    ]);
    expect(cells(19)).toEqual(['征集家长意见和建议数量', '征集家长意见和建议数量', 1]);
    expect(cells(20).slice(0, 1)).toEqual(['备注']);
  });
});

describe('school-age children (002 附件1-1 and 1-2)', () => {
  it('counts children aged 6–15 at the date by household town and schooling status', async () => {
    const r = await report('schoolAgeSurveyReport', { asOf: '2025-03-14' }, ['children', 'inCounty', 'outOfCounty', 'deferred', 'dropoutAversion', 'relocated', 'disabled']);
    // 学生四、十一 are 5 and 学生九 turned 16 that day; 学生三 turns 16 the day after.
    expect(r.lines).toEqual([
      ['城关镇', 4, 4, 0, 0, 0, 0, 1],
      ['龙阳镇', 4, 3, 0, 0, 1, 1, 0],
      ['（未登记乡镇）', 1, 0, 0, 1, 0, 0, 0],
    ]);
    expect(r.totalLine).toEqual(['合计', 9, 7, 0, 1, 1, 1, 1]);
    const dayLater = await report('schoolAgeSurveyReport', { asOf: '2025-03-15', groupBy: 'COUNTY' }, ['children']);
    expect(dayLater.totalLine).toEqual(['合计', 8]);
  });

  it('counts children per village by age, with the school most of them attend', async () => {
    const r = await report('villageAgeReport', { asOf: '2025-03-14' }, ['children', 'age6', 'age10', 'age11', 'age12', 'age13', 'age14', 'age15', 'relocated', 'disabled', 'responsibleSchool', 'principal']);
    expect(r.lines).toEqual([
      ['东村', 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, '城关中心小学', '王校长'],
      // One pupil at A and one at its teaching point: the tie goes to the lower school code.
      ['西村', 2, 1, 0, 0, 0, 0, 0, 1, 0, 1, '城关中心小学', '王校长'],
      ['龙阳村', 4, 0, 0, 0, 1, 2, 1, 0, 1, 0, '龙阳初级中学', '赵校长'],
      ['（户籍村未登记）', 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, null, null],
    ]);
    expect(r.totalLine).toEqual(['合计', 9, 1, 2, 1, 1, 2, 1, 1, 1, 1, null, null]);
  });

  it('narrows to a town, and a school admin sees the towns of their schools', async () => {
    const r = await report('villageAgeReport', { asOf: '2025-03-14', townId: county.towns.T2 }, ['children']);
    expect(r.lines).toEqual([['龙阳村', 4]]);
    const principal = await report('schoolAgeSurveyReport', { asOf: '2025-03-14' }, ['children'], county.users.SCHOOL_ADMIN);
    expect(principal.lines).toEqual([['城关镇', 4]]);
    expect(principal.unitName).toBe('城关中心小学');
  });

  it('downloads 附件1-1 with the filled-in report and the signature lines', async () => {
    const x = await download('schoolAgeSurveyReport', 'asOf=2025-03-14');
    const texts = Array.from(x.sheet!.getColumn(1).values, (v) => String(v ?? ''));
    expect(texts).toContain('经摸排，测试县教育局内6-15周岁适龄儿童少年共计 9 人，具体就学情况如下：');
    expect(texts.find((t) => t.startsWith('1.县域内实际就读 7 人，县域外就读 0 人'))).toBeDefined();
    expect(texts).toContain('2.辖区内共有易地搬迁户6-15周岁学生 1 人。');
    expect(texts.some((t) => t.startsWith('校长签字：'))).toBe(true);
    expect(x.sheet!.getCell('A2').value).toContain('报送单位');
    expect(x.sheet!.getCell(x.sheet!.rowCount, 1).value).toContain('生成时间');
  });

  it('names the town or school a report is narrowed to in its title and sentences', async () => {
    const town = await download('schoolAgeSurveyReport', `asOf=2025-03-14&townId=${county.towns.T1}`);
    const texts = Array.from(town.sheet!.getColumn(1).values, (v) => String(v ?? ''));
    expect(town.sheet!.getCell('A1').value).toBe('城关镇6-15周岁适龄儿童少年就学情况摸排统计报告');
    expect(texts.some((t) => t.startsWith('经摸排，城关镇内6-15周岁适龄儿童少年共计 '))).toBe(true);
    expect(texts.some((t) => t.includes('测试县教育局内'))).toBe(false);
    const res = await app.ok(`{ t: schoolAgeSurveyReport(asOf: "2025-03-14", townId: "${county.towns.T1}") { unitName areaName } a: schoolAgeSurveyReport(asOf: "2025-03-14") { areaName } }`, {}, county.users.BUREAU_ADMIN);
    expect(res).toEqual({ t: { unitName: '测试县教育局', areaName: '城关镇' }, a: { areaName: '测试县教育局' } });
  });

  it('downloads 附件1-2 with the age heads under their group and the blank columns of the form', async () => {
    const x = await download('villageAgeReport', `asOf=2025-03-14&townId=${county.towns.T2}`);
    // Narrowed to a town, the title names the town; 报送单位 stays the bureau.
    expect(x.sheet!.getCell('A1').value).toBe('龙阳镇2025年6—15周岁儿童少年统计表');
    expect(x.sheet!.getCell('A2').value).toContain('报送单位：测试县教育局');
    expect(x.row!(3)[3]).toBe('各年级段学生分布');
    expect(x.row!(4).slice(3, 13)).toEqual(['6周岁', '7周岁', '8周岁', '9周岁', '10周岁', '11周岁', '12周岁', '13周岁', '14周岁', '15周岁']);
    expect(x.row!(3).slice(13)).toEqual(['易地搬迁户人数', '残疾儿童', '备注', '负责学校', '校长', '总负责', '主要负责人', '电话']);
    expect(x.row!(5)).toEqual([1, '龙阳村', 4, 0, 0, 0, 0, 0, 0, 1, 2, 1, 0, 1, 0, null, '龙阳初级中学', '赵校长']);
  });
});

describe('dropout cases (控辍保学月报)', () => {
  const cols = ['month', 'categoryLabel', 'opened', 'confirmed', 'returned', 'closed', 'openAtMonthEnd', 'inSchool'];
  const ROLL = '在校生（含请假、休学）';

  it('counts cases opened, confirmed, returned and closed per month and category, with month subtotals', async () => {
    const r = await report('dropoutMonthlyReport', { from: '2024-10-01', to: '2024-12-31' }, cols);
    const U = '测试县教育局';
    // The roll at month end: the nine children at a school and 县域内就读 (S1–S7, S11, S12; S8 has
    // none), less S7 in November (confirmed 11-10, back 12-02).
    expect(r.lines).toEqual([
      [U, '2024-10', '辍学：2 厌学辍学', 1, 1, 0, 0, 1, 0],
      [U, '2024-10', ROLL, 0, 0, 0, 0, 0, 9],
      ['小计', U, '2024-10', null, 1, 1, 0, 0, 1, 9],
      [U, '2024-11', '非辍学：2 实际就读', 1, 0, 0, 1, 0, 0],
      [U, '2024-11', '辍学：2 厌学辍学', 0, 0, 0, 0, 1, 0],
      [U, '2024-11', ROLL, 0, 0, 0, 0, 0, 8],
      [U, '2024-11', '辍学：1 打工务农', 1, 1, 0, 0, 1, 0],
      ['小计', U, '2024-11', null, 2, 1, 0, 1, 2, 8],
      [U, '2024-12', '辍学：2 厌学辍学', 0, 0, 0, 0, 1, 0],
      [U, '2024-12', ROLL, 0, 0, 0, 0, 0, 9],
      [U, '2024-12', '尚未认定（疑似、核查中）', 1, 0, 0, 0, 1, 0],
      [U, '2024-12', '辍学：1 打工务农', 0, 0, 1, 0, 0, 0],
      ['小计', U, '2024-12', null, 1, 0, 1, 0, 2, 9],
    ]);
    // Cases open and the roll at month end total as December's figure, not the sum of the months.
    expect(r.totalLine).toEqual(['合计', null, null, 4, 2, 1, 1, 2, 9]);
  });

  it('downloads with 小计 rows', async () => {
    const x = await download('dropoutMonthlyReport', 'from=2024-10-01&to=2024-12-31');
    expect(x.row!(3)).toEqual(['序号', '单位', '月份', '类别', '新发现疑似失（辍）学', '确认辍学', '劝返复学', '核查结案（非辍学）', '月末未结案件', '月末在校生人数']);
    expect(x.row!(4)).toEqual([1, '测试县教育局', '2024-10', '辍学：2 厌学辍学', 1, 1, 0, 0, 1, 0]);
    expect(x.row!(5)).toEqual([2, '测试县教育局', '2024-10', ROLL, 0, 0, 0, 0, 0, 9]);
    expect(x.row!(6)).toEqual([null, '测试县教育局', '2024-10', '小计', 1, 1, 0, 0, 1, 9]);
    expect(x.row!(17)).toEqual([null, '合计', null, null, 4, 2, 1, 1, 2, 9]);
  });

  it('counts the cases of the period by their status now', async () => {
    const r = await report('dropoutStatusReport', { schoolYear: '2024-2025', groupBy: 'REPORTING_UNIT' }, ['cases', 'suspected', 'persuading', 'returned', 'closed']);
    expect(r.lines).toEqual([['城关中心小学', 2, 1, 0, 0, 1], ['龙阳初级中学', 2, 0, 1, 1, 0]]);
  });
});

describe('assistance totals', () => {
  it('breaks the period down by category and funding source per school, with subtotals', async () => {
    const r = await report('assistanceReport', { schoolYear: '2024-2025' }, ['category', 'fundingSource', 'items', 'cashFen', 'goodsValueFen', 'totalFen']);
    expect(r.lines).toEqual([
      ['城关中心小学', 'CONSOLATION_CASH', 'SCHOOL_AID_FUND', 1, 50000, 0, 50000],
      ['城关中心小学', 'CONSOLATION_GOODS', 'PUBLIC_FUNDS', 1, 0, 12000, 12000],
      ['小计', '城关中心小学', null, null, 2, 50000, 12000, 62000],
      ['城关中心幼儿园', 'CONSOLATION_CASH', 'SCHOOL_AID_FUND', 1, 30000, 0, 30000],
      ['小计', '城关中心幼儿园', null, null, 1, 30000, 0, 30000],
      ['东村教学点', 'SUPPLIES', 'PUBLIC_FUNDS', 1, 0, 8000, 8000],
      ['小计', '东村教学点', null, null, 1, 0, 8000, 8000],
      ['龙阳初级中学', 'CONSOLATION_CASH', 'SCHOOL_AID_FUND', 1, 40000, 0, 40000],
      ['龙阳初级中学', 'DONATION', 'SOCIAL_DONATION', 1, 10000, 3000, 13000],
      ['龙阳初级中学', 'LIVING_SUBSIDY', 'FISCAL', 1, 62500, 0, 62500],
      ['小计', '龙阳初级中学', null, null, 3, 112500, 3000, 115500],
    ]);
    expect(r.totalLine).toEqual(['合计', null, null, 7, 192500, 23000, 215500]);
  });

  it('gives one row per category and source for the county, without subtotals', async () => {
    const r = await report('assistanceReport', { schoolYear: '2024-2025', groupBy: 'COUNTY' }, ['categoryLabel', 'items']);
    expect(r.lines.map((l: unknown[]) => l.slice(1))).toEqual([
      ['慰问金', 3], ['慰问品', 1], ['社会捐助', 1], ['生活补助（国家资助）', 1], ['就学物资', 1],
    ]);
  });
});

describe('compliance', () => {
  const cols = ['students', 'belowVisits', 'belowVisitsShare', 'caredStudents', 'careGaps', 'homeTeachingStudents', 'homeTeachingGaps', 'overdueVisits', 'staleSuggestions'];
  const gaps = async (args: Args, token = county.users.BUREAU_ADMIN, fields = 'studentId student { name idNumber } school { name }') => {
    const res = await app.gql(`{ complianceGaps(${argText(args)}) { count items { ${fields} rule required done gap lastOn } } }`, {}, token);
    if (res.errors) return { errors: res.errors };
    return res.data.complianceGaps;
  };
  const names = (c: ReportCounty) => Object.fromEntries(Object.entries(c.students).map(([k, id]) => [id, k]));

  it('counts per school the students below their visits, care and 送教 gaps, overdue trips and stale suggestions', async () => {
    const r = await report('complianceReport', { schoolYear: '2024-2025', asOf: '2025-03-14' }, cols);
    expect(r.lines).toEqual([
      // 学生一 (special group, one home visit of two) and 学生三 (no visit, orphan missing a day and a week).
      ['城关中心小学', 4, 2, 50, 1, 1, 0, 0, 0, 1],
      ['城关中心幼儿园', 1, 1, 100, 0, 0, 0, 0, 0, 0],
      ['东村教学点', 1, 1, 100, 0, 0, 1, 1, 0, 0],
      ['龙阳初级中学', 3, 1, 33.3, 1, 0, 1, 0, 0, 0],
      // The persuasion visit to a child out of school is overdue since 10:00.
      ['（未在校）', 0, 0, null, 0, 0, 0, 0, 1, 0],
    ]);
    expect(r.totalLine).toEqual(['合计', 9, 5, 55.6, 2, 1, 2, 1, 1, 1]);
  });

  it('lists each student and gap, one short of each threshold, and none at it', async () => {
    const g = await gaps({ schoolYear: '2024-2025', asOf: '2025-03-14' });
    const n = names(county);
    expect(g.count).toBe(10);
    expect(g.items.map((i: any) => [i.school.name, n[i.studentId], i.rule, i.required, i.done, i.gap, i.lastOn])).toEqual([
      ['城关中心小学', 'S3', 'ANNUAL_VISIT', 1, 0, 1, null],
      ['城关中心小学', 'S3', 'DAILY_CARE', 10, 9, 1, '2025-03-14'],
      ['城关中心小学', 'S3', 'SEMESTER_VISIT', 2, 0, 2, null],
      ['城关中心小学', 'S1', 'SPECIAL_TWICE', 2, 1, 1, '2025-03-01'],
      ['城关中心小学', 'S3', 'WEEKLY_CARE', 2, 1, 1, '2025-03-05'],
      ['城关中心幼儿园', 'S4', 'ANNUAL_VISIT', 1, 0, 1, null],
      ['东村教学点', 'S5', 'HOME_TEACHING', 2, 1, 1, '2025-03-05'],
      ['东村教学点', 'S5', 'SEMESTER_VISIT', 2, 1, 1, '2025-03-05'],
      ['东村教学点', 'S5', 'SPECIAL_TWICE', 2, 1, 1, '2025-03-05'],
      ['龙阳初级中学', 'S7', 'ANNUAL_VISIT', 1, 0, 1, null],
    ]);
    expect(g.items[0].student.name).toBe('学生三');
  });

  it('in a semester asks one visit of focus students and one home visit of the special groups', async () => {
    const g = await gaps({ schoolYear: '2024-2025', semester: 'SECOND', asOf: '2025-03-14', rules: ['SEMESTER_VISIT', 'SPECIAL_TWICE'] });
    const n = names(county);
    if (g.errors) throw new Error(JSON.stringify(g.errors));
    // 学生一's only spring visit was by phone.
    expect(g.items.map((i: any) => [n[i.studentId], i.rule, i.required, i.done])).toEqual([['S3', 'SEMESTER_VISIT', 1, 0], ['S1', 'SPECIAL_TWICE', 1, 0]]);
  });

  it('asks a focus student only for the semesters begun by the date', async () => {
    const g = await gaps({ schoolYear: '2024-2025', asOf: '2025-01-10', rules: ['SEMESTER_VISIT'] });
    const n = names(county);
    expect(g.items.map((i: any) => [n[i.studentId], i.required, i.done])).toEqual([['S3', 1, 0], ['S5', 1, 0]]);
  });

  it('pages the list and keeps the count', async () => {
    const g = await gaps({ schoolYear: '2024-2025', asOf: '2025-03-14', page: 1, perPage: 4 });
    expect(g.count).toBe(10);
    expect(g.items.map((i: any) => i.rule)).toEqual(['WEEKLY_CARE', 'ANNUAL_VISIT', 'HOME_TEACHING', 'SEMESTER_VISIT']);
    const past = await gaps({ schoolYear: '2024-2025', asOf: '2025-03-14', page: 5, perPage: 4 });
    expect(past).toEqual({ count: 10, items: [] });
  });

  it('gives a teacher their own students only, under the field rules', async () => {
    const r = await report('complianceReport', { schoolYear: '2024-2025', asOf: '2025-03-14' }, ['students', 'belowVisits', 'staleSuggestions'], county.users.TEACHER);
    expect(r.lines).toEqual([['城关中心小学', 2, 1, 1]]);
    const g = await gaps({ schoolYear: '2024-2025', asOf: '2025-03-14' }, county.users.TEACHER);
    expect(g.count).toBe(1);
    expect(g.items[0].student.name).toBe('学生一');
  });

  it('lists no one to an integration token and masks names for analysts', async () => {
    const token = await app.gql('{ complianceGaps(schoolYear: "2024-2025", asOf: "2025-03-14") { count items { studentId } } }', {}, county.users.INTEGRATION);
    expect(token.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'AGGREGATES_ONLY' });
    const analyst = await gaps({ schoolYear: '2024-2025', asOf: '2025-03-14', perPage: 1 }, county.users.ANALYST);
    expect(analyst.items[0].student.name).toBe('学*三');
  });

  it('downloads the summary and the list, names following the field rules', async () => {
    const x = await download('complianceReport', 'schoolYear=2024-2025&asOf=2025-03-14', county.users.ANALYST);
    // 学生家庭数 and 家访次数不足家庭数 after the share: no brothers or sisters here, so one family per child.
    expect(x.row!(4)).toEqual([1, '城关中心小学', 4, 2, 50, 4, 2, 1, 1, 0, 0, 0, 1]);
    const list = x.book!.worksheets[1];
    expect(list.name).toBe('合规缺口名单');
    expect((list.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '学校', '学生', '家庭', '要求', '应完成', '已完成', '差额', '最近一次']);
    expect((list.getRow(2).values as unknown[]).slice(1)).toEqual([1, '城关中心小学', '学*三', undefined, '每学年至少家访1次（全体学生）', 1, 0, 1]);
    expect(list.rowCount).toBe(11);
  });
});

describe('access', () => {
  it('lets bureau roles, analysts and integration tokens read aggregates for the whole bureau', async () => {
    for (const role of ['AID_OFFICER', 'ANALYST']) {
      const r = await report('consolationReport', { schoolYear: '2024-2025' }, ['students', 'small'], county.users[role]);
      expect([role, r.totalLine]).toEqual([role, ['合计', 4, []]]);
    }
    // A token reads the county's 4 as a small cell (tests/api/token-aggregates.test.ts).
    const token = await report('consolationReport', { schoolYear: '2024-2025' }, ['students', 'small'], county.users.INTEGRATION);
    expect(token.totalLine).toEqual(['合计', null, ['students']]);
  });

  it('gives a school admin their school and its attached ones, and no other school', async () => {
    const r = await report('consolationReport', { schoolYear: '2024-2025', groupBy: 'SCHOOL' }, ['students', 'cashFen'], county.users.SCHOOL_ADMIN);
    expect(r.lines).toEqual([['城关中心小学', 1, 50000], ['城关中心幼儿园', 1, 30000], ['东村教学点', 1, 0]]);
    expect(r.totalLine).toEqual(['合计', 3, 80000]);
    const other = await report('consolationReport', { schoolId: county.schools.B }, ['students'], county.users.SCHOOL_ADMIN);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const b = await report('dropoutMonthlyReport', { from: '2024-10-01', to: '2024-12-31' }, ['opened'], county.users.SCHOOL_ADMIN_B);
    expect(b.totalLine).toEqual(['合计', 2]);
    const x = await download('consolationReport', `schoolId=${county.schools.B}`, county.users.SCHOOL_ADMIN);
    expect(x.status).toBe(404);
  });

  it('refuses teachers the aggregate reports, and everyone without a token', async () => {
    const r = await report('consolationReport', {}, ['students'], county.users.TEACHER);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await download('consolationReport', '', county.users.TEACHER)).status).toBe(403);
    expect((await download('consolationReport', '', '')).status).toBe(401);
    const anon = await app.gql('{ consolationReport { total { students } } }');
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lists the reports each role may read', async () => {
    const list = async (token: string) => (await app.ok('{ reports { name kind download } }', {}, token)).reports.map((r: any) => r.name);
    expect(await list(county.users.BUREAU_ADMIN)).toEqual([
      'consolationReport', 'campaignCoverageReport', 'visitStatisticsReport', 'schoolAgeSurveyReport', 'villageAgeReport',
      'dropoutMonthlyReport', 'dropoutStatusReport', 'dropoutRiskReport', 'assistanceReport', 'complianceReport',
      'teacherVisitReport', 'pairingCoverageReport', 'callbackReport',
    ]);
    expect(await list(county.users.TEACHER)).toEqual(['dropoutRiskReport', 'complianceReport', 'pairingCoverageReport']);
  });

  it('names each report by its form, not by the seed file number, and groups the heads the forms group', async () => {
    const { reports } = await app.ok('{ reports { name title form columns { key group } } }', {}, county.users.BUREAU_ADMIN);
    const byName = Object.fromEntries(reports.map((r: { name: string }) => [r.name, r]));
    expect(byName.consolationReport.title).toBe('慰问金额统计表');
    expect(byName.dropoutMonthlyReport.title).toBe('控辍保学月报表');
    expect(byName.visitStatisticsReport.title).toBe('“教师大家访”活动学校情况统计表');
    // The admin's catalog, menu and the .xlsx file name use the title: never a file number.
    for (const r of reports) expect([r.name, /^\d{3}\b|附表|附件/.test(r.title)]).toEqual([r.name, false]);
    expect(byName.consolationReport.form).toMatch(/^000 附表/);
    const groups = (name: string) => Object.fromEntries(byName[name].columns.map((c: { key: string; group: string | null }) => [c.key, c.group]));
    expect(groups('visitStatisticsReport')).toMatchObject({ staff: null, inPersonVisits: '家访形式统计', letterShare: '家访形式统计', suggestions: null });
    expect(groups('schoolAgeSurveyReport')).toMatchObject({ children: null, inCounty: '具体就学情况', other: '具体就学情况', relocated: null });
  });
});

describe('arguments', () => {
  it('refuses bad ones with the field they concern, over GraphQL and the download', async () => {
    const bad = async (args: Args, field: string) => {
      const r = await report('visitStatisticsReport', args, ['visits']);
      expect([field, r.errors?.[0].extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    };
    await bad({ schoolYear: '2024-2026' }, 'schoolYear');
    await bad({ from: '2025-03-01', to: '2025-02-01' }, 'to');
    await bad({ schoolId: 'nope' }, 'schoolId');
    await bad({ groupBy: 'VILLAGE' }, 'groupBy');
    const x = await download('visitStatisticsReport', 'from=2025-02-30');
    expect(x.status).toBe(400);
    expect(x.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const unknown = await download('visitStatisticsReport', 'month=2025-03');
    expect(unknown.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    expect((await download('noSuchReport', '')).status).toBe(404);
    const missing = await report('consolationReport', { campaignId: county.students.S1 }, ['students']);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('costs one statement per report besides the lookups of its arguments', async () => {
    const statements = await app.countStatements(() => report('visitStatisticsReport', { schoolYear: '2024-2025' }, ['visits']));
    // The token's user, the report, and the reporting unit's name.
    expect(statements).toBeLessThanOrEqual(4);
  });
});
