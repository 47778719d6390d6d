import type { Page } from 'playwright-core';
import { browserAvailable, loginAs, screenshot, startBrowserWorld, waitForCount, type BrowserWorld } from './browser';

// What a clerk reads (issue 17, item 5): no UUIDs or 版本 unless an admin asks for 技术信息, one
// empty state, pickers that tell namesakes apart, and a teacher's search by name.
const describeIf = browserAvailable ? describe : describe.skip;
let world: BrowserWorld;
let adminToken: string;
let teacherToken: string;
const api = (q: string, v?: Record<string, unknown>, token = adminToken) => world.app.ok(q, v, token);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;
const MAIN = '#main-content';

/** The page's own content (not the menu), once it shows rows, details or the empty state. */
async function content(page: Page, ready: string): Promise<string> {
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
  // Reference names arrive a moment after the rows.
  await page.waitForTimeout(500);
  return page.locator(MAIN).innerText();
}

const LIST_READY = '.list-page table tbody tr, .list-page .jiafang-empty';

/** Opens a page and checks that it shows neither a UUID nor a 版本. */
async function expectNoIds(page: Page, hash: string, ready: string): Promise<void> {
  await page.goto(`${world.app.url}/#/${hash}`);
  const text = await content(page, ready);
  expect(text).not.toMatch(UUID);
  expect(text).not.toContain('版本');
}
const SHOW_READY = '.jiafang-details';
const technicalSwitch = (page: Page) => page.getByLabel('技术信息');

describeIf('lists, pages and pickers a clerk reads', () => {
  beforeAll(async () => {
    world = await startBrowserWorld();
    adminToken = await world.app.login('admin', 'jiafang-demo');
    teacherToken = await world.app.login('teacher', 'jiafang-demo');
  });
  afterAll(() => world?.close());

  it('shows the bureau admin no UUID or 版本 until 技术信息 is switched on', async () => {
    const page = await loginAs(world, 'admin');
    await expectNoIds(page, 'Student', LIST_READY);
    await screenshot(page, '40-students-no-ids');
    const student = (await api('{ allStudents(perPage: 1, sortField: "name") { id } }')).allStudents[0];
    await expectNoIds(page, `Student/${student.id}/show`, SHOW_READY);
    await screenshot(page, '41-student-show-no-ids');
    const visit = (await api('{ allVisitRecords(perPage: 1) { id } }')).allVisitRecords[0];
    await expectNoIds(page, `VisitRecord/${visit.id}/show`, SHOW_READY);

    // The switch is the admin's: it reveals the record's 编号 and 版本.
    await technicalSwitch(page).check();
    await page.getByText(visit.id).first().waitFor({ timeout: 10_000 });
    let text = await page.locator(MAIN).innerText();
    expect(text).toContain('版本');
    await screenshot(page, '42-visit-show-technical');
    // It stays on for lists: the 编号 column is shown.
    await page.goto(`${world.app.url}/#/Student`);
    text = await content(page, LIST_READY);
    expect(text).toMatch(UUID);
    await technicalSwitch(page).uncheck();
    await page.locator('.list-page table tbody tr').first().waitFor();
    await waitForCount(page.locator('.list-page table th').filter({ hasText: /^版本$/ }), 0);
    expect(await page.locator(MAIN).innerText()).not.toMatch(UUID);
    await page.close();

    // A teacher has no such switch.
    const teacher = await loginAs(world, 'teacher');
    const hers = (await api('{ allStudents(perPage: 1) { id } }', {}, teacherToken)).allStudents[0];
    await expectNoIds(teacher, `Student/${hers.id}/show`, SHOW_READY);
    expect(await technicalSwitch(teacher).count()).toBe(0);
    await teacher.close();
  });

  it('says 暂无… with an icon wherever a list is empty', async () => {
    const page = await loginAs(world, 'admin');
    // A search matching nobody, and a list with no rows at all.
    await page.goto(`${world.app.url}/#/Student?filter=${encodeURIComponent(JSON.stringify({ q: '没有这个人' }))}`);
    await page.locator('.list-page .jiafang-empty').getByText('暂无学生').waitFor({ timeout: 20_000 });
    await screenshot(page, '43-empty-filtered');
    const counts = await api('{ a: _allNotificationChannelsMeta { count } b: _allApiTokensMeta { count } c: _allParentSuggestionsMeta { count } }');
    const emptyOne = [['NotificationChannel', counts.a], ['ApiToken', counts.b], ['ParentSuggestion', counts.c]].find(([, m]) => m.count === 0);
    if (emptyOne) {
      await page.goto(`${world.app.url}/#/${emptyOne[0]}`);
      await page.locator('.list-page .jiafang-empty').getByText(/^暂无/).waitFor({ timeout: 20_000 });
      await screenshot(page, '44-empty-list');
    }
    expect(await page.locator(`${MAIN}`).innerText()).not.toMatch(/还没有|没有找到/);
    await page.close();
  });

  it('tells namesakes apart in the student picker: school, class, birth year', async () => {
    const page = await loginAs(world, 'admin');
    const students = (await api('{ allStudents(perPage: 50, sortField: "name") { name school { name } class { name } birthDate } }')).allStudents;
    const student = students.find((s: { school: unknown; class: unknown }) => s.school && s.class);
    await page.goto(`${world.app.url}/#/VisitRecord/create`);
    const input = page.locator('.ra-input-studentId input');
    await input.click();
    await input.fill(student.name);
    const option = page.getByRole('option').filter({ hasText: student.school.name }).filter({ hasText: `${student.birthDate.slice(0, 4)}年生` }).first();
    await option.waitFor({ timeout: 20_000 });
    const text = await option.innerText();
    expect(text).toContain(student.name);
    if (student.class) expect(text).toContain(student.class.name);
    await screenshot(page, '45-student-picker');
    await option.click();
    // The chosen value keeps what tells it apart.
    await waitForCount(page.locator(`.ra-input-studentId input[value*="${student.school.name}"]`), 1);
    await page.close();
  });

  it('lets the teacher search her students by name', async () => {
    const page = await loginAs(world, 'teacher');
    const mine = (await api('{ allStudents(perPage: 1, sortField: "name") { name } }', {}, teacherToken)).allStudents[0];
    await page.goto(`${world.app.url}/#/Student`);
    await content(page, LIST_READY);
    const box = page.locator('input[name="q"]');
    expect(await box.getAttribute('placeholder')).toBe('关键词（搜索姓名）');
    await box.fill(mine.name);
    await page.waitForURL(/filter=/);
    await page.locator('.list-page table tbody tr').filter({ hasText: mine.name }).first().waitFor({ timeout: 20_000 });
    // The unfiltered rows go once the search answers.
    await waitForCount(page.locator('.list-page table tbody tr').filter({ hasNotText: mine.name }), 0);
    await screenshot(page, '46-teacher-search');
    await page.close();
  });
});
