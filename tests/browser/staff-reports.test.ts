import { browserAvailable, loginAs, screenshot, startBrowserWorld, type BrowserWorld } from './browser';
import { overdueVisits } from '../../packages/api/src/notify/reminders';
import { raise } from '../../packages/api/src/notify/raise';

// The report page shows the list a report names (`reports { list }`) under its table, with the
// report's own arguments (a sort, a sample's size and seed) as inputs: the teachers for appraisal,
// the call-back sample, the unpaired students.
const describeIf = browserAvailable ? describe : describe.skip;

/** Reads until the value is the one wanted or the time is up, and answers the last read. */
async function settled(read: () => Promise<string>, wanted: string, ms = 10_000): Promise<string> {
  const until = Date.now() + ms;
  let value = await read().catch(() => '');
  while (value !== wanted && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read().catch(() => '');
  }
  return value;
}
let world: BrowserWorld;

describeIf('reports with their own lists in Chromium', () => {
  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(() => world?.close());

  it('shows each report with the list it names, in the order and size asked for', async () => {
    const token = await world.app.login('admin', 'jiafang-demo');
    const { reportDefaults: d } = await world.app.ok('{ reportDefaults { schoolYear asOf } }', {}, token);
    const page = await loginAs(world, 'admin');
    for (const [report, list] of [['teacherVisitReport', 'teacherVisits'], ['pairingCoverageReport', 'unpairedStudents'], ['callbackReport', 'callbackSample']]) {
      await page.goto(`${world.app.url}/#/reports/${report}`);
      await page.locator(`[data-report-table="${report}"] tbody tr`).filter({ hasText: /^\s*合计/ }).first().waitFor({ timeout: 20_000 });
      await page.locator(`[data-report-list="${list}"] tbody tr`).first().waitFor({ timeout: 20_000 });
      expect(await page.locator('.MuiAlert-standardError').count()).toBe(0);
    }
    // The call-back sample: a size and a seed typed in draw the API's list for them.
    await page.locator('input[name="sampleSize"]').fill('3');
    await page.locator('input[name="seed"]').fill('甲');
    await page.getByRole('button', { name: '查询' }).click();
    const expected = (await world.app.ok(`{ callbackSample(schoolYear: "${d.schoolYear}", asOf: "${d.asOf}", sampleSize: 3, seed: "甲") { items { visitor { name } } } }`, {}, token)).callbackSample.items;
    const rows = page.locator('[data-report-list="callbackSample"] tbody tr');
    await rows.nth(2).waitFor({ timeout: 20_000 });
    expect(await rows.count()).toBe(3);
    for (let i = 0; i < 3; i++) await rows.nth(i).filter({ hasText: expected[i].visitor.name }).waitFor({ timeout: 10_000 });
    await screenshot(page, '16-report-callback-sample');
    await page.close();
  });

  it('reads a wide report at 1366 px: its form name as the title, the unit column kept in view while the figures scroll', async () => {
    const page = await loginAs(world, 'admin');
    await page.setViewportSize({ width: 1366, height: 768 });
    const report = 'visitStatisticsReport';
    await page.goto(`${world.app.url}/#/reports/${report}`);
    await page.locator(`[data-report-table="${report}"] tbody tr`).filter({ hasText: /^\s*合计/ }).first().waitFor({ timeout: 20_000 });
    expect((await page.locator('h2').filter({ hasText: '统计表' }).first().innerText()).trim()).toBe('“教师大家访”活动学校情况统计表');
    expect(await page.locator('#react-admin-title').innerText()).toContain('“教师大家访”活动学校情况统计表');
    // 18 columns do not fit: the table scrolls in its own box, the page does not.
    const box = page.locator(`[data-report-scroll="${report}"]`);
    const { scrollWidth, clientWidth } = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1366);
    const unit = page.locator(`[data-report-table="${report}"] tbody tr`).first().locator('[data-unit-cell]');
    const before = (await unit.boundingBox())!;
    const boxLeft = (await box.boundingBox())!.x;
    // An instant scroll: it has moved when evaluate answers.
    expect(await box.evaluate((el) => (el.scrollTo({ left: el.scrollWidth }), el.scrollLeft))).toBeGreaterThan(0);
    const after = (await unit.boundingBox())!;
    // Sticky: still at the box's left edge, and on top of the cells scrolled beneath it.
    expect(Math.abs(after.x - before.x)).toBeLessThan(1);
    expect(after.x).toBeGreaterThanOrEqual(boxLeft - 1);
    const onTop = await page.evaluate(({ x, y }) => !!(globalThis as any).document.elementFromPoint(x, y)?.closest('[data-unit-cell]'), { x: after.x + after.width / 2, y: after.y + after.height / 2 });
    expect(onTop).toBe(true);
    // The grouped head spans its columns.
    expect(await page.locator(`[data-report-table="${report}"] thead th[colspan]`).filter({ hasText: '家访形式统计' }).count()).toBe(1);
    await screenshot(page, '21-report-1366-scrolled');
    await page.close();
  });

  it('opens a suspected dropout case from a row of the risk list, which then links to the case', async () => {
    const page = await loginAs(world, 'principal');
    await page.goto(`${world.app.url}/#/reports/dropoutRiskReport`);
    const rows = page.locator('[data-report-list="dropoutRiskList"] tbody tr');
    const open = rows.filter({ has: page.getByRole('button', { name: '开立疑似辍学案件' }) }).first();
    await open.waitFor({ timeout: 30_000 });
    const name = (await open.locator('td').first().innerText()).trim();
    const before = await world.app.sql("select count(*)::int as n from dropout_case where status = 'SUSPECTED'");
    await open.getByRole('button', { name: '开立疑似辍学案件' }).click();
    // The list is read again: the same child's row now links to the case.
    await rows.filter({ hasText: name }).first().getByRole('link', { name: '查看案件' }).waitFor({ timeout: 20_000 });
    const after = await world.app.sql("select count(*)::int as n from dropout_case where status = 'SUSPECTED'");
    expect(after[0].n).toBe(before[0].n + 1);
    const [opened] = await world.app.sql("select details from dropout_case order by created_at desc limit 1");
    expect(opened.details).toMatch(/^辍学风险预警 \d+ 分/);
    // An analyst reads the list without the button (they open no cases).
    const analyst = await loginAs(world, 'analyst');
    await analyst.goto(`${world.app.url}/#/reports/dropoutRiskReport`);
    await analyst.locator('[data-report-list="dropoutRiskList"] tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await analyst.getByRole('button', { name: '开立疑似辍学案件' }).count()).toBe(0);
    await page.close();
    await analyst.close();
  });

  it("rings the teacher's bell for her overdue visit and opens the visit from it", async () => {
    const token = await world.app.login('teacher', 'jiafang-demo');
    const me = (await world.app.ok('{ me { staffId } }', {}, token)).me;
    const mine = (await world.app.ok('{ allStudents(perPage: 1) { id } }', {}, token)).allStudents[0];
    const visit = (await world.app.ok(
      `mutation ($s: ID!, $t: ID!, $a: DateTimeISO, $b: DateTimeISO) { createVisitRecord(studentId: $s, visitorId: $t, form: IN_PERSON, transport: WALKING,
        address: "城关街道西村", plannedAt: $a, expectedReturnAt: $b) { id } }`,
      { s: mine.id, t: me.staffId, a: new Date(Date.now() - 3600_000).toISOString(), b: new Date(Date.now() + 1000).toISOString() },
      token,
    )).createVisitRecord.id;
    await world.app.ok('mutation ($id: ID!) { departVisit(id: $id) { id } }', { id: visit }, token);
    await new Promise((r) => setTimeout(r, 1500));
    // The rule the scheduler runs, raised here (the browser world runs no scheduler).
    const em = world.app.orm.em.fork() as Parameters<typeof raise>[0];
    await raise(em, overdueVisits, await overdueVisits.find(em, new Date(), visit));

    const page = await loginAs(world, 'teacher');
    const bell = page.getByRole('button', { name: '提醒' });
    await page.locator('[aria-label="提醒"][data-unread="1"]').waitFor({ timeout: 20_000 });
    await bell.click();
    const item = page.locator('[data-reminders]').getByText(/^家访逾期未归/);
    await item.waitFor({ timeout: 10_000 });
    await screenshot(page, '17-reminders-bell-teacher');
    await item.click();
    await page.waitForURL((url) => url.hash.includes(`/VisitRecord/${visit}/show`), { timeout: 10_000 });
    await page.locator('[aria-label="提醒"][data-unread="0"]').waitFor({ timeout: 10_000 });
    expect((await world.app.ok('{ unreadNotificationCount }', {}, token)).unreadNotificationCount).toBe(0);
    await page.close();
  });

  it('shows lists as cards on a 390 px phone, nothing wider than the screen, the title clear of the buttons', async () => {
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${world.app.url}/#/login`);
    await page.locator('input[name="username"]').fill('teacher');
    await page.locator('input[name="password"]').fill('jiafang-demo');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => !url.hash.includes('login'), { timeout: 20_000 });
    for (const resource of ['Student', 'VisitRecord']) {
      await page.goto(`${world.app.url}/#/${resource}`);
      const cards = page.locator(`.list-page[data-resource="${resource}"] .RaList-content li`);
      await cards.first().waitFor({ timeout: 20_000 });
      expect(await page.locator(`.list-page[data-resource="${resource}"] table`).count()).toBe(0);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      // Every card leads with a value (a phone visit has no address: its student leads).
      const leads = await cards.locator('.MuiListItemText-primary').allInnerTexts();
      expect(leads.filter((t) => !t.trim())).toEqual([]);
    }
    await screenshot(page, '18-phone-visit-cards-teacher');
    await page.goto(`${world.app.url}/#/VisitRecord/create`);
    await page.locator('form').first().waitFor({ timeout: 20_000 });
    const title = await page.locator('#react-admin-title').boundingBox();
    const bell = await page.getByRole('button', { name: '提醒' }).boundingBox();
    expect(title!.x + title!.width).toBeLessThanOrEqual(bell!.x + 1);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await context.close();
  });

  it("suggests the teacher herself, departure now, return in two hours, and the picked student's address", async () => {
    const token = await world.app.login('teacher', 'jiafang-demo');
    const { me } = await world.app.ok('{ me { staffId } }', {}, token);
    const { StaffMember: self } = await world.app.ok('query ($id: ID!) { StaffMember(id: $id) { name } }', { id: me.staffId }, token);
    const students = (await world.app.ok('{ allStudents(perPage: 50, sortField: "name") { id name address } }', {}, token)).allStudents as Array<{ id: string; name: string; address: string | null }>;
    const child = students.find((s) => s.address && students.filter((o) => o.name === s.name).length === 1)!;
    const page = await loginAs(world, 'teacher');
    await page.goto(`${world.app.url}/#/VisitRecord/create`);
    const visitor = page.locator('.ra-input-visitorId input');
    // Her name, with what tells her apart (school, post) in brackets.
    expect(await settled(async () => (await visitor.inputValue()).split('（')[0], self.name, 20_000)).toBe(self.name);
    // A short plan form: no record or call-back fields, a new visit starts planned or (afterwards) completed.
    for (const later of ['familySituation', 'keyPoints', 'satisfaction', 'callbackConfirmed', 'visitedAt', 'address', 'transport']) {
      expect(await page.locator(`.ra-input-${later}`).count()).toBe(0);
    }
    await page.locator('.ra-input-status [role="combobox"]').click();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(expect.arrayContaining(['已报备（待出发）', '已完成']));
    expect((await page.getByRole('option').allInnerTexts()).filter((t) => t.trim())).toHaveLength(2);
    await page.keyboard.press('Escape');
    // Travelling: where to, how and until when.
    await page.locator('.ra-input-form [role="combobox"]').click();
    await page.getByRole('option', { name: '实地/面对面家访', exact: true }).click();
    await page.locator('.ra-input-transport').waitFor({ timeout: 10_000 });
    const planned = await page.locator('.ra-input-plannedAt input').inputValue();
    const back = await page.locator('.ra-input-expectedReturnAt input').inputValue();
    expect(Math.abs(Date.parse(planned) - Date.now())).toBeLessThan(5 * 60_000);
    expect(Date.parse(back) - Date.parse(planned)).toBe(2 * 3600_000);
    // Picking the student fills the address from the student's record.
    await page.locator('.ra-input-studentId input').fill(child.name);
    await page.getByRole('option', { name: new RegExp(child.name) }).first().click();
    expect(await settled(() => page.locator('.ra-input-address input').inputValue(), child.address!)).toBe(child.address);
    await screenshot(page, '19-visit-create-suggested-teacher');
    // A phone visit entered afterwards: no address or transport, the record's fields once 已完成.
    await page.locator('.ra-input-form [role="combobox"]').click();
    await page.getByRole('option', { name: '电话家访', exact: true }).click();
    expect(await page.locator('.ra-input-address').count()).toBe(0);
    await page.locator('.ra-input-status [role="combobox"]').click();
    await page.getByRole('option', { name: '已完成', exact: true }).click();
    await page.locator('.ra-input-familySituation').waitFor({ timeout: 10_000 });
    expect(await page.locator('.ra-input-satisfaction').count()).toBe(0);
    await page.close();
  });
});

