import type { Page } from 'playwright-core';
import { browserAvailable, loginAs, screenshot, startBrowserWorld, waitForCount, type BrowserWorld } from './browser';
import { makeIdNumber } from '../../packages/api/src/core/validation/id-number';

// The student form a clerk fills in, at a laptop's 1366×768: gender and birth date read from the
// 身份证号 as it is typed, errors shown as an input is left and scrolled to on 保存, guardians
// added in the same form, a possible duplicate confirmed, and back to the student after adding
// a guardian from its tab.
const describeIf = browserAvailable ? describe : describe.skip;
let world: BrowserWorld;
let token: string;
const api = (q: string, v?: Record<string, unknown>) => world.app.ok(q, v, token);

/** Whether an element is wholly within the window. */
async function inView(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const size = page.viewportSize()!;
  return !!box && box.y >= 0 && box.y + box.height <= size.height;
}

/** Polls (the CSP forbids waitForFunction) until `check` holds. */
async function until(page: Page, check: () => Promise<boolean>, what: string, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not: ${what}`);
    await page.waitForTimeout(100);
  }
}

describeIf('the student form', () => {
  beforeAll(async () => {
    world = await startBrowserWorld();
    token = await world.app.login('admin', 'jiafang-demo');
  });
  afterAll(() => world?.close());

  it('fills from the 身份证号, checks on leaving an input, scrolls to the error, takes guardians and asks about a duplicate', async () => {
    const school = (await api('{ allSchools(perPage: 1, sortField: "name") { id name } }')).allSchools[0];
    // A child already on the school's roll with the same name and birth date, no 身份证号.
    await api('mutation ($s: ID) { createStudent(name: "表单测试", gender: FEMALE, birthDate: "2016-04-05", schoolId: $s) { id } }', { s: school.id });

    const page = await loginAs(world, 'admin');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${world.app.url}/#/Student/create?source=${encodeURIComponent(JSON.stringify({ schoolId: school.id }))}`);
    const idInput = page.locator('input[name="idNumber"]');
    await idInput.waitFor({ timeout: 20_000 });

    // Gender and birth date appear once the 18th character completes a valid number.
    const good = makeIdNumber('610526', '2016-04-05', 321, 'FEMALE');
    await idInput.pressSequentially(good.slice(0, 17));
    expect(await page.locator('input[name="birthDate"]').inputValue()).toBe('');
    await idInput.press(good[17]);
    await until(page, async () => (await page.locator('input[name="birthDate"]').inputValue()) === '2016-04-05', 'birth date filled');
    expect(await page.locator('.ra-input-gender [role="combobox"]').innerText()).toContain('女');
    await screenshot(page, '30-student-form-derived');

    // A required input left empty says so when it is left, before any 保存.
    await page.locator('input[name="name"]').focus();
    await page.locator('input[name="name"]').press('Tab');
    await page.locator('.ra-input-name .MuiFormHelperText-root').filter({ hasText: '必填' }).waitFor({ timeout: 5_000 });
    await page.locator('input[name="name"]').fill('表单测试');

    // Two guardians in the same form.
    const add = page.locator('.ra-input-guardians button.button-add');
    await add.click();
    await add.click();
    const lines = page.locator('.ra-input-guardians .RaSimpleFormIterator-line');
    await waitForCount(lines, 2);
    for (const [i, [name, relation, phone]] of [['表单父亲', '父亲', '13811110001'], ['表单母亲', '母亲', '13811110002']].entries()) {
      await page.locator(`input[name="guardians.${i}.name"]`).fill(name);
      await lines.nth(i).getByRole('combobox', { name: /与学生关系/ }).click();
      await page.getByRole('option', { name: relation, exact: true }).click();
      await page.locator(`input[name="guardians.${i}.phone"]`).fill(phone);
    }

    // A wrong check digit: the gender and birth date stay, the server refuses on 保存 at the
    // bottom, and the form scrolls up to the 身份证号 and focuses it.
    await idInput.fill(good.slice(0, 17) + (good[17] === '1' ? '2' : '1'));
    const save = page.getByRole('button', { name: '保存' });
    await save.scrollIntoViewIfNeeded();
    expect(await inView(page, '.ra-input-idNumber')).toBe(false);
    await save.click();
    await page.locator('.ra-input-idNumber .MuiFormHelperText-root').filter({ hasText: '身份证号校验码错误' }).waitFor({ timeout: 10_000 });
    await until(page, () => inView(page, '.ra-input-idNumber'), '身份证号 scrolled into view');
    await waitForCount(page.locator('input[name="idNumber"]:focus'), 1, 5_000);
    await screenshot(page, '31-student-form-error-scrolled');

    // Corrected, the save is a question: the school already has a 表单测试 born that day.
    await idInput.fill(good);
    await save.click();
    const dialog = page.getByRole('dialog');
    await dialog.filter({ hasText: '该校已有同名同出生日期的学生' }).waitFor({ timeout: 10_000 });
    expect(await dialog.innerText()).toContain(`表单测试，2016-04-05，${school.name}`);
    await screenshot(page, '32-student-form-duplicate');
    await dialog.getByRole('button', { name: '仍要新建' }).click();
    await page.waitForURL(/#\/Student\/[0-9a-f-]{36}\/show/, { timeout: 15_000 });

    const created = (await api('query ($id: String) { allStudents(filter: { q: $id }) { id gender birthDate guardians { name relation phone } } }', { id: good })).allStudents;
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ gender: 'FEMALE', birthDate: '2016-04-05' });
    expect(created[0].guardians.map((g: { name: string }) => g.name).sort()).toEqual(['表单母亲', '表单父亲'].sort());
    expect((await api('{ _allStudentsMeta(filter: { q: "表单测试" }) { count } }'))._allStudentsMeta.count).toBe(2);

    // A guardian added from the student's tab comes back to that tab.
    const studentId = created[0].id;
    await page.goto(`${world.app.url}/#/Student/${studentId}/show`);
    await page.getByRole('tab', { name: '监护人' }).click();
    await page.locator('a[href*="/Guardian/create"]').first().click();
    await page.locator('input[name="name"]').waitFor();
    await page.locator('input[name="name"]').fill('表单祖母');
    await page.locator('.ra-input-relation [role="combobox"]').click();
    await page.getByRole('option', { name: '祖母/外祖母', exact: true }).click();
    await page.locator('input[name="phone"]').fill('13811110003');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL((url) => url.hash === `#/Student/${studentId}/show/guardians`, { timeout: 15_000 });
    await page.getByText('表单祖母').first().waitFor({ timeout: 10_000 });
    await screenshot(page, '33-student-guardians-after-create');
    expect(world.cspViolations).toEqual([]);
    await page.close();
  });
});
