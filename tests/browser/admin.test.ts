import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { browserAvailable, loginAs, screenshot, startBrowserWorld, waitForCount, type BrowserWorld } from './browser';
import { makeIdNumber } from '../../packages/api/src/core/validation/id-number';
import { resources } from '../../packages/api/src/registry';

// The generated admin in a real Chromium against the real server and a small demo county: what a
// clerk, a principal and a teacher do every day, with screenshots for reviewers.
const describeIf = browserAvailable ? describe : describe.skip;
let world: BrowserWorld;
let adminToken: string;
const api = (q: string, v?: Record<string, unknown>, token = adminToken) => world.app.ok(q, v, token);

/** Waits for a list to show rows (or its empty state) without an error notification. */
/** The list page's own table: the dashboard's tables stay in the page while a list's chunk loads. */
const LIST = '.list-page';
const LIST_ROWS = `${LIST} table tbody tr`;

async function listLoaded(page: Page, resource?: string) {
  const list = resource ? `${LIST}[data-resource="${resource}"]` : LIST;
  await page.locator(`${list} table tbody tr, ${list} .jiafang-empty`).first().waitFor({ timeout: 20_000 });
  expect(await page.locator('.MuiSnackbarContent-root.MuiAlert-colorError, .RaNotification-error').count()).toBe(0);
}

const rowCount = (page: Page) => page.locator(LIST_ROWS).count();

/** Chooses an option of a react-admin select input by its label. */
async function pick(page: Page, source: string, option: string) {
  await page.locator(`.ra-input-${source} [role="combobox"]`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describeIf('the generated admin in Chromium', () => {
  beforeAll(async () => {
    world = await startBrowserWorld();
    adminToken = await world.app.login('admin', 'jiafang-demo');
  });
  afterAll(() => world?.close());

  it('opens every resource of the menu as a list', async () => {
    const page = await loginAs(world, 'admin');
    await page.getByText('您好').first().waitFor({ timeout: 20_000 });
    await screenshot(page, '01-dashboard-admin');
    const infos = (await api('{ resources { name label } }')).resources as Array<{ name: string; label: string }>;
    expect(infos.length).toBe(resources().length);
    for (const info of infos) {
      await page.locator('.RaMenuItemLink-root, a[role="menuitem"]').filter({ hasText: new RegExp(`^${info.label}$`) }).first().click();
      await page.waitForURL((url) => url.hash.startsWith(`#/${info.name}`), { timeout: 10_000 });
      await listLoaded(page, info.name);
    }
    await page.close();
  });

  it('searches, sorts and pages the student list', async () => {
    const page = await loginAs(world, 'admin');
    await page.goto(`${world.app.url}/#/Student`);
    await listLoaded(page);
    expect(await rowCount(page)).toBe(25);
    await screenshot(page, '02-students-admin');
    // Sort by birth date by clicking its column head: the first row is the API's first in that order.
    await page.locator('th').filter({ hasText: '出生日期' }).locator('span[role="button"], button').first().click();
    await page.waitForURL(/sort=birthDate/);
    await listLoaded(page);
    const order = /order=(ASC|DESC)/.exec(decodeURIComponent(page.url()))![1];
    const firstName = (await api(`{ allStudents(perPage: 1, sortField: "birthDate", sortOrder: "${order}") { name } }`)).allStudents[0].name;
    await page.locator(LIST_ROWS).first().filter({ hasText: firstName }).waitFor({ timeout: 10_000 });
    await page.locator('button[aria-label*="下一页"], button[aria-label*="next page" i]').first().click();
    await page.waitForURL(/page=2/);
    // Page 2 no longer starts with the first student in that order.
    await page.locator(LIST_ROWS).first().filter({ hasNotText: firstName }).waitFor({ timeout: 10_000 });
    await listLoaded(page);

    // Search by a name the API confirms exists.
    await page.goto(`${world.app.url}/#/Student`);
    await listLoaded(page);
    await page.locator('input[name="q"]').fill(firstName);
    await page.waitForURL(/filter=/);
    await page.waitForTimeout(800);
    const rows = await page.locator(LIST_ROWS).allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(firstName))).toBe(true);
    await page.close();
  });

  it('creates a student with a guardian, shows a validation error on the field, then edits', async () => {
    const page = await loginAs(world, 'admin');
    await page.goto(`${world.app.url}/#/Student/create`);
    await page.locator('input[name="name"]').fill('浏览器测试');
    await pick(page, 'gender', '女');
    await page.locator('input[name="birthDate"]').fill('2015-03-08');
    const good = makeIdNumber('610526', '2015-03-08', 777, 'FEMALE');
    await page.locator('input[name="idNumber"]').fill(good.slice(0, 17) + (good[17] === '1' ? '2' : '1'));
    await page.getByRole('button', { name: '保存' }).click();
    // The server's refusal appears under the field it names.
    const helper = page.locator('.ra-input-idNumber .MuiFormHelperText-root');
    await helper.filter({ hasText: '身份证号校验码错误' }).waitFor({ timeout: 10_000 });
    await page.locator('.ra-input-idNumber').scrollIntoViewIfNeeded();
    await screenshot(page, '03-student-create-error');

    await page.locator('input[name="idNumber"]').fill(good);
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/#\/Student\/[0-9a-f-]{36}/, { timeout: 15_000 });
    const created = (await api('query ($q: String) { allStudents(filter: { q: $q }) { id idNumber gender } }', { q: '浏览器测试' })).allStudents;
    expect(created).toEqual([{ id: expect.any(String), idNumber: good, gender: 'FEMALE' }]);
    const id = created[0].id;

    // A guardian from the student's page: the child list's create button carries the student.
    await page.goto(`${world.app.url}/#/Student/${id}/show`);
    await page.getByRole('tab', { name: '监护人' }).click();
    await page.locator('a[href*="/Guardian/create"]').first().click();
    await page.locator('input[name="name"]').waitFor();
    await page.locator('input[name="name"]').fill('浏览器家长');
    await pick(page, 'relation', '母亲');
    await page.locator('input[name="phone"]').fill('13912340000');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForTimeout(1500);
    const guardians = (await api('query ($id: ID!) { Student(id: $id) { guardians { name relation phone } } }', { id })).Student.guardians;
    expect(guardians).toEqual([{ name: '浏览器家长', relation: 'MOTHER', phone: '13912340000' }]);

    await page.goto(`${world.app.url}/#/Student/${id}`);
    await page.locator('input[name="address"]').fill('城关街道东街8号');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForTimeout(1500);
    expect((await api('query ($id: ID!) { Student(id: $id) { address version } }', { id })).Student).toEqual({ address: '城关街道东街8号', version: 2 });
    await page.goto(`${world.app.url}/#/Student/${id}/show`);
    await page.getByText('城关街道东街8号').first().waitFor();
    await screenshot(page, '04-student-show');
    await page.close();
  });

  it('deletes selected rows in bulk and exports every filtered row', async () => {
    const page = await loginAs(world, 'admin');
    const before = (await api('{ _allCareChecksMeta { count } }'))._allCareChecksMeta.count;
    await page.goto(`${world.app.url}/#/CareCheck`);
    await listLoaded(page);
    const boxes = page.locator(`${LIST_ROWS} input[type="checkbox"]`);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    // The bulk toolbar slides in under the app bar: click it where it is, once it has settled.
    await page.waitForTimeout(500);
    await page.locator('.RaBulkActionsToolbar-toolbar, [class*="BulkActionsToolbar"]').getByRole('button', { name: /删除/ }).dispatchEvent('click');
    await page.getByRole('dialog').getByRole('button', { name: /确认|确定/ }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForTimeout(1000);
    expect((await api('{ _allCareChecksMeta { count } }'))._allCareChecksMeta.count).toBe(before - 2);

    await page.goto(`${world.app.url}/#/Student`);
    await listLoaded(page);
    const total = (await api('{ _allStudentsMeta { count } }'))._allStudentsMeta.count;
    await page.getByRole('button', { name: '导出' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /CSV/ }).click()]);
    const file = path.join(path.dirname(await download.path()), 'students.csv');
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    expect(lines[0]).toContain('姓名');
    await page.close();
  });

  it('advances a visit from the teacher\'s screen and shows the teacher masked 身份证号 and no roster edits', async () => {
    const teacherToken = await world.app.login('teacher', 'jiafang-demo');
    const me = (await api('{ me { staffId } }', {}, teacherToken)).me;
    const mine = (await api('{ allStudents(perPage: 1) { id } }', {}, teacherToken)).allStudents[0];
    const soon = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    const planned = (await api(
      'mutation ($s: ID!, $t: ID!, $a: DateTimeISO, $b: DateTimeISO) { createVisitRecord(studentId: $s, visitorId: $t, form: IN_PERSON, transport: SCHOOL_VEHICLE, address: "城关街道东村", plannedAt: $a, expectedReturnAt: $b) { id } }',
      { s: mine.id, t: me.staffId, a: soon(1), b: soon(3) },
      teacherToken,
    )).createVisitRecord;
    const page = await loginAs(world, 'teacher');
    await page.goto(`${world.app.url}/#/VisitRecord/${planned.id}/show`);
    await page.getByRole('button', { name: /^出发：/ }).click();
    const dialogGo = page.getByRole('dialog').getByRole('button', { name: /出发|确定|确认/ });
    if (await dialogGo.count()) await dialogGo.first().click();
    // The status itself, not the 逾期未归（已出发且…） field's label.
    await page.getByText('已出发', { exact: true }).first().waitFor({ timeout: 10_000 });
    expect((await api('query ($id: ID!) { VisitRecord(id: $id) { status } }', { id: planned.id })).VisitRecord.status).toBe('DEPARTED');
    // The steps follow the status the API declares them for: departed, 完成 and no second 出发; no 审核 for a teacher.
    await page.getByRole('button', { name: /^完成：/ }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: /^出发：/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^审核：/ }).count()).toBe(0);
    await screenshot(page, '05-visit-departed-teacher');

    // Menu: no accounts or audit trail; students read-only with the 身份证号 masked.
    const menu = await page.locator('nav, .RaSidebar-fixed').first().innerText();
    expect(menu).not.toContain('账号');
    expect(menu).not.toContain('操作日志');
    // Trimmed to a teacher's day (MENUS): no organisation, aid or archive; her students, visits and cases.
    for (const absent of ['组织机构', '资助', '档案资料', '学籍异动']) expect(menu).not.toContain(absent);
    for (const present of ['学生', '家访记录', '走访对象', '控辍保学案件']) expect(menu).toContain(present);
    await page.goto(`${world.app.url}/#/Student`);
    await listLoaded(page);
    const student = (await api('{ allStudents(perPage: 1, sortField: "name") { id } }', {}, teacherToken)).allStudents[0];
    await page.goto(`${world.app.url}/#/Student/${student.id}/show`);
    await page.getByText(/\*{6}\d{6}\*{6}/).first().waitFor({ timeout: 10_000 });
    expect(await page.getByRole('link', { name: '编辑' }).count()).toBe(0);
    await screenshot(page, '06-student-show-teacher');
    await page.close();

    // The aid centre edits a student's categories, with the name locked.
    const aid = await loginAs(world, 'aid');
    await aid.goto(`${world.app.url}/#/Student/${student.id}`);
    await aid.locator('input[name="name"]').waitFor({ timeout: 10_000 });
    expect(await aid.locator('input[name="name"]').isDisabled()).toBe(true);
    expect(await aid.locator('input[name="idNumber"]').isDisabled()).toBe(true);
    expect(await aid.locator('.ra-input-disabilityType [role="combobox"]').getAttribute('aria-disabled')).not.toBe('true');
    await screenshot(aid, '07-student-edit-aid');
    await aid.close();

    const admin = await loginAs(world, 'admin');
    const adminMenu = await admin.locator('nav, .RaSidebar-fixed').first().innerText();
    expect(adminMenu).toContain('账号');
    await admin.goto(`${world.app.url}/#/Student/${student.id}/show`);
    await admin.getByText(/610526\d{11}[\dX]/).first().waitFor({ timeout: 10_000 });
    await admin.close();
  });

  it('draws the reports\' charts on the home page, runs a report from its metadata and downloads it as Excel', async () => {
    type Info = { name: string; title: string; chart: { title: string } | null; columns: Array<{ key: string; kind: string }> };
    const { reports, reportDefaults } = await api('{ reports { name title chart { title } columns { key kind } } reportDefaults { schoolYear } }');
    const infos = reports as Info[];
    const page = await loginAs(world, 'admin');
    await page.getByText('您好').first().waitFor({ timeout: 20_000 });

    // One card per report that declares a chart, titled as the API says, drawn as bars or pie sectors.
    for (const info of infos.filter((r) => r.chart)) await page.getByText(info.chart!.title, { exact: true }).first().waitFor({ timeout: 20_000 });
    // Locators, not waitForFunction: the admin's CSP refuses the eval that polling a predicate needs.
    await page.locator('svg .recharts-bar-rectangle path, svg .recharts-pie-sector path').filter({ visible: true }).first().waitFor({ timeout: 20_000 });
    await page.getByText(infos.find((r) => r.chart)!.chart!.title, { exact: true }).first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500); // the charts' entry animation
    await screenshot(page, '08-dashboard-charts-admin');

    // The reports page lists every report the role reads.
    await page.locator('.RaMenuItemLink-root, a[role="menuitem"]').filter({ hasText: /^报表$/ }).first().click();
    await page.waitForURL(/#\/reports/, { timeout: 10_000 });
    for (const info of infos) await page.getByText(info.title, { exact: true }).first().waitFor({ timeout: 10_000 });

    const info = infos.find((r) => r.title.includes('学校情况统计表'))!;
    await page.getByRole('link').filter({ hasText: '学校情况统计表' }).first().click();
    await page.waitForURL((url) => url.hash === `#/reports/${info.name}`, { timeout: 10_000 });
    await page.locator('input[name="schoolYear"]').waitFor();
    expect(await page.locator('input[name="schoolYear"]').inputValue()).toBe(reportDefaults.schoolYear);
    // It opens on the default period; run it again grouped by town: one row per town, then the total.
    const reportRows = page.locator(`[data-report-table="${info.name}"] tbody tr`);
    const totalRow = reportRows.filter({ hasText: /^\s*合计/ });
    await totalRow.first().waitFor({ timeout: 20_000 });
    const first = info.columns.find((c) => c.kind === 'count')!;
    const byTown = (await api(`query ($y: String) { r: ${info.name}(schoolYear: $y, groupBy: TOWN) { rows { rowType } total { ${first.key} } } }`, { y: reportDefaults.schoolYear })).r;
    await pick(page, 'groupBy', '按乡镇');
    await page.getByRole('button', { name: '查询' }).click();
    await waitForCount(reportRows, byTown.rows.length + 1);
    // The total row's first figure is the API's total for the same period.
    expect(await totalRow.first().locator('td').nth(1).innerText()).toBe(byTown.total[first.key].toLocaleString('zh-CN'));
    expect(await page.locator('.MuiAlert-standardError').count()).toBe(0);
    await screenshot(page, '09-report-admin');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载\s*Excel/i }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = path.join(path.dirname(await download.path()), 'report.xlsx');
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK'); // a zip: an Excel workbook
    await page.close();

    // A teacher reads only the compliance report: the page lists just that one, with its student list.
    const teacherToken = await world.app.login('teacher', 'jiafang-demo');
    const theirs = (await api('{ reports { name title } }', {}, teacherToken)).reports as Info[];
    expect(theirs.length).toBeLessThan(infos.length);
    const teacher = await loginAs(world, 'teacher');
    await teacher.locator('.RaMenuItemLink-root, a[role="menuitem"]').filter({ hasText: /^报表$/ }).first().click();
    // The home page's charts link to their reports too: count on the reports page, once it is there.
    await teacher.waitForURL((url) => /^#\/reports\/?$/.test(url.hash), { timeout: 10_000 });
    await teacher.getByText(theirs[0]!.title, { exact: true }).first().waitFor({ timeout: 10_000 });
    await waitForCount(teacher.locator('a[href*="#/reports/"]'), theirs.length);
    expect(await teacher.getByText('学校情况统计表').count()).toBe(0);
    await teacher.locator(`a[href*="#/reports/${theirs[0]!.name}"]`).first().click();
    await teacher.locator(`[data-report-table="${theirs[0]!.name}"] tbody tr`).filter({ hasText: /^\s*合计/ }).first().waitFor({ timeout: 20_000 });
    await teacher.locator('[data-report-list] tbody tr').first().waitFor({ timeout: 20_000 });
    await screenshot(teacher, '10-report-compliance-teacher');
    await teacher.close();
  });

  it('prints a visit record as its paper form (附件3-1) from the show page', async () => {
    type Info = { name: string; label: string; printForm: { label: string; path: string } | null };
    const infos = (await api('{ resources { name label printForm { label path } } }')).resources as Info[];
    const visits = infos.find((r) => r.name === 'VisitRecord')!;
    expect(visits.printForm).toEqual({ label: expect.stringContaining('附件3-1'), path: '/forms/VisitRecord/{id}.xlsx' });

    const page = await loginAs(world, 'admin');
    await page.locator('.RaMenuItemLink-root, a[role="menuitem"]').filter({ hasText: new RegExp(`^${visits.label}$`) }).first().click();
    await page.waitForURL((url) => url.hash.startsWith('#/VisitRecord'), { timeout: 10_000 });
    await listLoaded(page, 'VisitRecord');
    // Click the first row in a column that is never a link (a reference cell is empty until its
    // record arrives, then becomes a link).
    const heads = (await page.locator(`${LIST} table thead th`).allInnerTexts()).map((h) => h.trim());
    const plannedColumn = heads.indexOf('计划出发时间');
    expect(plannedColumn).toBeGreaterThanOrEqual(0);
    await page.locator(LIST_ROWS).first().locator('td').nth(plannedColumn).click();
    await page.waitForURL(/#\/VisitRecord\/[0-9a-f-]{36}\/show/, { timeout: 10_000 });
    const id = /VisitRecord\/([0-9a-f-]{36})/.exec(page.url())![1];

    const button = page.getByRole('button', { name: visits.printForm!.label });
    await button.waitFor({ timeout: 10_000 });
    await screenshot(page, '11-visit-print-admin');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = path.join(path.dirname(await download.path()), `visit-${id}.xlsx`);
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK'); // a zip: an Excel workbook
    expect(await page.locator('.MuiSnackbarContent-root.MuiAlert-colorError, .RaNotification-error').count()).toBe(0);

    // 打印预览: the same form as a page in a new tab, fetched with the token and shown from a blob
    // URL (the token never in a URL), under the admin's CSP (no script in it).
    const [preview] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '打印预览' }).click()]);
    preview.on('console', (m) => {
      if (/CSP violation|Content Security Policy/i.test(m.text())) world.cspViolations.push(`${preview.url()}: ${m.text()}`);
    });
    await preview.waitForURL(/^blob:/, { timeout: 20_000 });
    await preview.getByText('附件3-1', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await preview.title()).toMatch(/^家访记录表-/);
    expect(await preview.locator('table td[rowspan="2"]').count()).toBeGreaterThan(0);
    await screenshot(preview, '12-visit-print-preview');
    await preview.emulateMedia({ media: 'print' });
    expect(await preview.locator('.hint').isVisible()).toBe(false); // the on-screen hint is not printed
    expect(world.cspViolations.filter((v) => v.startsWith('blob:'))).toEqual([]);
    await preview.close();

    // A resource without a printed form shows no such button.
    const student = (await api('{ allStudents(perPage: 1) { id } }')).allStudents[0];
    await page.goto(`${world.app.url}/#/Student/${student.id}/show`);
    await page.getByRole('tab', { name: '监护人' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: /^打印/ }).count()).toBe(0);
    await page.close();
  });

  it('downloads a school’s 控辍保学 archive (附件2-2) from its page, for the school year asked in the dialog', async () => {
    const school = (await api('{ allUsers(filter: { username: "principal" }) { schoolId } }')).allUsers[0].schoolId as string;
    const page = await loginAs(world, 'principal');
    await page.goto(`${world.app.url}/#/School/${school}/show`);
    const button = page.getByRole('button', { name: /控辍保学档案/ });
    await button.waitFor({ timeout: 20_000 });
    await button.click();
    const year = page.getByTestId('download-schoolYear');
    await year.fill('2024-2025');
    await screenshot(page, '12-school-archive-principal');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '下载', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/控辍保学档案.*\.zip$/);
    const file = path.join(path.dirname(await download.path()), `archive-${school}.zip`);
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    // A year not begun is refused in the dialog, with the API's words.
    await button.click();
    await year.fill('2099-2100');
    await page.getByRole('button', { name: '下载', exact: true }).click();
    await page.getByTestId('download-error').filter({ hasText: '尚未开始' }).waitFor({ timeout: 10_000 });
    await page.close();
    // The teacher is offered no archive.
    const teacher = await loginAs(world, 'teacher');
    await teacher.goto(`${world.app.url}/#/School/${school}/show`);
    await teacher.getByRole('tab', { name: '班级' }).waitFor({ timeout: 20_000 });
    expect(await teacher.getByRole('button', { name: /控辍保学档案/ }).count()).toBe(0);
    await teacher.close();
  });

  it('imports students from a spreadsheet: a dry run shows the bad row, VALID_ONLY imports the rest, the error report downloads', async () => {
    const klass = (await api('{ allSchoolClasses(perPage: 1, sortField: "name") { name school { code } } }')).allSchoolClasses[0];
    const before = (await api('{ _allStudentsMeta { count } }'))._allStudentsMeta.count;
    const good1 = makeIdNumber('610599', '2016-02-03', 901, 'MALE');
    const good2 = makeIdNumber('610599', '2016-05-06', 902, 'FEMALE');
    const bad = makeIdNumber('610599', '2016-07-08', 903, 'MALE');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('花名册');
    // 学生名字 is no head the API knows: the page asks which field it is.
    sheet.addRow(['学生名字', '性别', '出生日期', '身份证号', '学校', '班级', '监护人姓名', '监护人关系', '监护人电话']);
    sheet.addRow(['导入测试甲', '男', '2016-02-03', good1, klass.school.code, klass.name, '导入家长甲', '父亲', '13800001111']);
    sheet.addRow(['导入测试乙', '男', '2016-07-08', bad.slice(0, 17) + (bad[17] === '1' ? '2' : '1'), klass.school.code, klass.name, '', '', '']);
    sheet.addRow(['导入测试丙', '女', '2016/5/6', good2, klass.school.code, klass.name, '导入家长丙', '母亲', '13800002222']);
    const file = path.join(os.tmpdir(), `jiafang-import-${process.pid}.xlsx`);
    await book.xlsx.writeFile(file);

    const page = await loginAs(world, 'admin');
    await page.goto(`${world.app.url}/#/Student`);
    await listLoaded(page);
    await page.getByRole('link', { name: '导入', exact: true }).click();
    await page.waitForURL(/#\/import\/Student/, { timeout: 10_000 });
    await page.locator('input[type="file"][data-import-file]').setInputFiles(file);
    await page.getByText(path.basename(file)).first().waitFor();
    await page.getByRole('button', { name: '检查（试运行）' }).click();
    const mapping = page.locator('[data-import-mapping]');
    await mapping.getByText('缺少必填列：姓名').waitFor({ timeout: 20_000 });
    await mapping.locator('tr', { hasText: '学生名字' }).getByRole('combobox').click();
    await page.getByRole('option', { name: '姓名 *', exact: true }).click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await mapping.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500); // the menu's closing fade
    await screenshot(page, '12-import-mapping');
    await page.getByRole('button', { name: '按此对应重新检查' }).click();
    // The dry run lists the bad row by its spreadsheet row and column, and writes nothing. It ends
    // in its result or in an error; an error fails here with its words rather than a timeout.
    await page.locator('[data-import-dry], [data-import-error]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-import-error]').allInnerTexts()).toEqual([]);
    const problems = page.locator('[data-import-problems] tbody tr');
    expect(await problems.count()).toBe(1);
    expect((await problems.first().locator('td').allInnerTexts()).map((t) => t.trim())).toEqual(['3', '身份证号', '身份证号校验码错误']);
    expect(await page.locator('[data-import-dry] [data-count="created"]').innerText()).toContain('2');
    expect((await api('{ _allStudentsMeta { count } }'))._allStudentsMeta.count).toBe(before);
    await screenshot(page, '13-import-dry-run');

    await page.getByLabel(/只导入无误的行/).check();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.locator('[data-import-result]').getByText('导入完成').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-import-result] [data-count="created"]').innerText()).toContain('2');
    expect(await page.locator('[data-import-result] [data-count="failed"]').innerText()).toContain('1');
    const imported = (await api('{ allStudents(filter: { q: "导入测试" }, sortField: "name") { name guardians { name } } }')).allStudents;
    expect(imported).toEqual([
      { name: '导入测试丙', guardians: [{ name: '导入家长丙' }] },
      { name: '导入测试甲', guardians: [{ name: '导入家长甲' }] },
    ]);
    expect((await api('{ _allStudentsMeta { count } }'))._allStudentsMeta.count).toBe(before + 2);
    await screenshot(page, '14-import-result');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载错误报告' }).click()]);
    const saved = path.join(path.dirname(await download.path()), 'import-errors.xlsx');
    await download.saveAs(saved);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(saved);
    const rows: unknown[][] = [];
    report.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['学生名字', '性别', '出生日期', '身份证号', '学校', '班级', '监护人姓名', '监护人关系', '监护人电话', '原行号', '错误说明']);
    expect(rows).toHaveLength(2);
    expect(rows[1][0]).toBe('导入测试乙');
    expect(rows[1][10]).toBe('【身份证号】身份证号校验码错误');
    fs.rmSync(file, { force: true });
    await page.close();
  });

  it('uploads a photo to a visit through POST /files, with progress, and says why a file is refused', async () => {
    // A 1×1 PNG, and the same signature padded past the server's 10 MB cap.
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const tooBig = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024 + 1 - png.length, 1)]);
    const teacherToken = await world.app.login('teacher', 'jiafang-demo');
    const me = (await api('{ me { staffId } }', {}, teacherToken)).me;
    const mine = (await api('{ allStudents(perPage: 1) { id } }', {}, teacherToken)).allStudents[0];
    const visit = (await api('mutation ($s: ID!, $t: ID!) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, purpose: CARE) { id } }', { s: mine.id, t: me.staffId }, teacherToken)).createVisitRecord;

    const page = await loginAs(world, 'teacher');
    const posted: Array<{ url: string; type: string; auth: boolean; body: string }> = [];
    page.on('request', (r) => {
      if (r.method() !== 'POST') return;
      const headers = r.headers();
      // Chromium hands over no multipart body (its fields show in the stored record); GraphQL's JSON it does.
      posted.push({ url: new URL(r.url()).pathname, type: headers['content-type'] ?? '', auth: /^Bearer /.test(headers.authorization ?? ''), body: (r.postDataBuffer() ?? Buffer.alloc(0)).subarray(0, 4000).toString('latin1') });
    });
    await page.goto(`${world.app.url}/#/VisitRecord/${visit.id}/show`);
    await page.getByRole('tab', { name: '照片与附件' }).click();
    await page.getByRole('button', { name: '上传附件' }).first().click();
    const dialog = page.getByRole('dialog');
    const send = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
      await dialog.locator('[data-testid="upload-file"]').setInputFiles(file);
      await dialog.getByText(file.name).waitFor({ timeout: 10_000 });
      await dialog.getByRole('button', { name: '上传附件' }).click();
    };
    await pick(page, 'kind', '照片');

    // Too large, then of a type not kept: the dialog says why in Chinese and nothing is stored.
    await send({ name: '大照片.png', mimeType: 'image/png', buffer: tooBig });
    await dialog.locator('[data-testid="upload-error"]').filter({ hasText: '文件超过 10 MB' }).waitFor({ timeout: 20_000 });
    await send({ name: '说明.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片') });
    await dialog.locator('[data-testid="upload-error"]').filter({ hasText: '只接受 JPG、PNG、WebP、PDF、DOCX、XLSX 文件' }).waitFor({ timeout: 10_000 });
    await screenshot(page, '13-upload-refused-teacher');

    await send({ name: '家访照片.png', mimeType: 'image/png', buffer: png });
    await page.getByText('已上传：家访照片.png').waitFor({ timeout: 10_000 });
    // The list under the visit refreshed with the new file.
    await page.locator('table tbody tr').filter({ hasText: '家访照片.png' }).waitFor({ timeout: 10_000 });
    await screenshot(page, '14-upload-done-teacher');

    const files = (await api('query ($v: ID!) { allAttachments(filter: { visitId: $v }) { fileName kind size mimeType } }', { v: visit.id })).allAttachments;
    expect(files).toEqual([{ fileName: '家访照片.png', kind: 'PHOTO', size: png.length, mimeType: 'image/png' }]);
    // Every upload went to POST /files as multipart with the token; no file went through GraphQL.
    const uploads = posted.filter((p) => p.url === '/files');
    expect(uploads).toHaveLength(3);
    for (const u of uploads) {
      expect(u.type).toMatch(/^multipart\/form-data; boundary=/);
      expect(u.auth).toBe(true);
    }
    expect(posted.filter((p) => p.url === '/graphql' && /uploadAttachment|contentBase64/.test(p.body))).toEqual([]);
    await page.close();
  });

  // Last: every page above ran under the server's Content-Security-Policy.
  it('asks an account on a one-time password (jiafang init) for its own before anything else, then signs it in', async () => {
    const oneTime = 'qwTz-8KpR-m3Vx-Hc7N';
    await api('mutation ($p: String!) { createUser(username: "firstday", displayName: "王芳", password: $p, role: BUREAU_ADMIN) { id } }', { p: oneTime });
    await world.app.sql('update "user" set must_change_password = true where username = ?', ['firstday']);
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${world.app.url}/#/login`);
    await page.locator('input[name="username"]').fill('firstday');
    await page.locator('input[name="password"]').fill(oneTime);
    await page.locator('button[type="submit"]').click();
    const form = page.getByRole('form', { name: '设置新密码' });
    await form.waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('jiafang.token'))).toBeNull();
    await form.locator('input[name="current"]').fill(oneTime);
    await form.locator('input[name="next"]').fill('Huaiyang-river-1987-lantern');
    await form.locator('input[name="again"]').fill('Huaiyang-river-1987');
    await form.locator('button[type="submit"]').click();
    await page.getByText('两次输入的新密码不一致').waitFor();
    // A weak password: the API's rule, in Chinese, on the form.
    await form.locator('input[name="next"]').fill('12345678');
    await form.locator('input[name="again"]').fill('12345678');
    await form.locator('button[type="submit"]').click();
    await page.getByRole('alert').filter({ hasText: '新密码太容易被猜到' }).waitFor();
    await screenshot(page, '20-first-login-password');
    await form.locator('input[name="next"]').fill('Huaiyang-river-1987-lantern');
    await form.locator('input[name="again"]').fill('Huaiyang-river-1987-lantern');
    await form.locator('button[type="submit"]').click();
    await page.waitForURL((url) => !url.hash.includes('login'), { timeout: 20_000 });
    await page.getByText('您好').first().waitFor({ timeout: 20_000 });
    const [row] = await world.app.sql('select must_change_password from "user" where username = ?', ['firstday']);
    expect(row.must_change_password).toBe(false);
    await context.close();
  });

  it('broke no Content-Security-Policy rule in any page above, and would have noticed one', async () => {
    const seen = [...world.cspViolations];
    expect(seen).toEqual([]);
    // An inline script is what script-src 'self' forbids: the check must see it refused.
    const page = await loginAs(world, 'admin');
    await page.evaluate("document.body.appendChild(Object.assign(document.createElement('script'), { textContent: 'window.__inlineRan = true' }))");
    for (let waited = 0; !world.cspViolations.length && waited < 5_000; waited += 100) await page.waitForTimeout(100);
    expect(await page.evaluate('window.__inlineRan')).toBeUndefined();
    expect(world.cspViolations.join('\n')).toMatch(/CSP violation: script-src(-elem)? blocked inline/);
    await page.close();
  });
});

describe('the admin names no resource', () => {
  it('holds no resource name anywhere in its source, so a new entity needs no admin code', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(entry.name)) files.push(p);
      }
    };
    walk(path.join(__dirname, '../../packages/admin/src'));
    const names = resources().map((r) => r.name);
    const found = files.flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return names.filter((n) => new RegExp(`\\b${n}\\b`).test(text)).map((n) => `${path.basename(f)}: ${n}`);
    });
    expect(found).toEqual([]);
  });
});
