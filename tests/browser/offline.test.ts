import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, screenshot, startBrowserWorld, waitForCount, type BrowserWorld } from './browser';

// A teacher on a village road: the network drops while she plans, departs or closes the page.
// Nothing typed is lost, and nothing reaches the server twice.
const describeIf = browserAvailable ? describe : describe.skip;

let world: BrowserWorld;
let token: string;
let staffId: string;
let students: Array<{ id: string; name: string }>;
let anyStudent: string;

const phone = (options: { serviceWorkers?: 'allow' | 'block' } = {}) =>
  world.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, serviceWorkers: options.serviceWorkers ?? 'block' });

async function signIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${world.app.url}/#/login`);
  await page.locator('input[name="username"]').fill('teacher');
  await page.locator('input[name="password"]').fill('jiafang-demo');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.hash.includes('login'), { timeout: 20_000 });
  return page;
}

/** Polls the database until `read` answers `wanted` (or the time is up) and answers the last read. */
async function settled<T>(read: () => Promise<T>, wanted: T, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(wanted) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

/** A JPEG's width and height, from its frame header (SOF0–SOF2). */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1];
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xc2) return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  throw new Error('not a JPEG');
}

// A tiny valid PNG (1×1).
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const photosOf = async (visit: string) => (await world.app.sql('select count(*)::int as n from attachment where visit_id = ?', [visit]))[0].n as number;

const visitsAt = async (address: string) => (await world.app.sql('select count(*)::int as n from visit_record where address = ?', [address]))[0].n as number;

/** The create form with a student picked (the picker searches the server, so this is done online). */
async function openPlan(page: Page, student: { name: string }) {
  await page.goto(`${world.app.url}/#/VisitRecord/create`);
  await page.locator('.ra-input-studentId input').waitFor({ timeout: 20_000 });
  await page.locator('.ra-input-studentId input').fill(student.name);
  await page.getByRole('option', { name: new RegExp(student.name) }).first().click();
  await pick(page, 'form', '实地/面对面家访');
}

async function pick(page: Page, source: string, label: string) {
  await page.locator(`.ra-input-${source} [role="combobox"]`).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

/** 上传附件 on a visit's 照片与附件 tab: a photo from the camera input, sent once it is ready (shrunk). */
async function takePhoto(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByRole('button', { name: '上传附件' }).first().click();
  const dialog = page.getByRole('dialog');
  await pick(page, 'kind', '照片');
  await dialog.locator('[data-testid="upload-camera"]').setInputFiles(file);
  await dialog.getByText(new RegExp(`${file.name.replace('.', '\\.')}（\\d+ KB）`)).waitFor({ timeout: 20_000 });
  await dialog.getByRole('button', { name: '上传附件' }).click();
}

async function plannedVisit(address: string): Promise<string> {
  const at = new Date(Date.now() + 600_000).toISOString();
  const back = new Date(Date.now() + 3 * 3600_000).toISOString();
  return (await world.app.ok(
    `mutation ($s: ID!, $t: ID!, $a: DateTimeISO, $b: DateTimeISO, $addr: String) { createVisitRecord(studentId: $s, visitorId: $t, form: IN_PERSON, transport: WALKING, address: $addr, plannedAt: $a, expectedReturnAt: $b) { id } }`,
    { s: anyStudent, t: staffId, a: at, b: back, addr: address },
    token,
  )).createVisitRecord.id;
}

describeIf('field work with the network dropping, in Chromium on a phone', () => {
  beforeAll(async () => {
    world = await startBrowserWorld();
    token = await world.app.login('teacher', 'jiafang-demo');
    staffId = (await world.app.ok('{ me { staffId } }', {}, token)).me.staffId;
    const all = (await world.app.ok('{ allStudents(perPage: 60, sortField: "name") { id name } }', {}, token)).allStudents as Array<{ id: string; name: string }>;
    students = all.filter((s) => all.filter((o) => o.name === s.name).length === 1);
    anyStudent = all[0].id;
  });
  afterAll(() => world?.close());

  it('opens on 我的家访: one large button to plan a visit, then what is under way and who is still to visit', async () => {
    const context = await phone();
    const page = await signIn(context);
    const create = page.getByRole('link', { name: '新建家访记录' });
    await create.waitFor({ timeout: 20_000 });
    const box = (await create.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThanOrEqual(44);
    for (const card of ['逾期未归', '已出发，尚未返回', '今天计划家访', '本周计划家访', '我的待走访学生']) {
      await page.getByText(card, { exact: true }).first().waitFor({ timeout: 20_000 });
    }
    // The button comes before every card.
    const firstCard = (await page.getByText('已出发，尚未返回', { exact: true }).first().boundingBox())!;
    expect(box.y).toBeLessThan(firstCard.y);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, '24-teacher-home-phone');
    await create.click();
    await page.waitForURL((url) => url.hash.includes('/VisitRecord/create'), { timeout: 10_000 });
    await context.close();
  });

  it('keeps a visit saved offline through a closed page, and creates it exactly once when opened online again', async () => {
    const address = `离线测试村${Date.now() % 100000}号`;
    const context = await phone();
    const page = await signIn(context);
    await openPlan(page, students[0]);
    await context.setOffline(true);
    await page.locator('.ra-input-address input').fill(address);
    await pick(page, 'transport', '步行');
    await page.getByRole('button', { name: '保存' }).click();
    // Told in Chinese, shown the queue, and taken back to the list: no spinning button, no "Failed to fetch".
    await page.getByText('网络已断开：已保存在本机，恢复后将自动提交').waitFor({ timeout: 10_000 });
    await page.getByRole('status', { name: /1 条记录待同步/ }).waitFor({ timeout: 10_000 });
    await page.waitForURL((url) => /#\/VisitRecord\/?$/.test(url.hash), { timeout: 10_000 });
    expect(await page.getByText(/Failed to fetch/).count()).toBe(0);
    await screenshot(page, '22-offline-queued-phone');
    expect(await visitsAt(address)).toBe(0);
    const kept = (await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('jiafang.outbox.')).map((k) => localStorage.getItem(k)).join('')")) as string;
    expect(kept).toContain(address);
    await page.close();

    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(`${world.app.url}/#/`);
    expect(await settled(() => visitsAt(address), 1)).toBe(1);
    await again.getByText('离线时保存的 1 条记录已提交').waitFor({ timeout: 10_000 });
    const [row] = await world.app.sql('select visitor_id, student_id, status from visit_record where address = ?', [address]);
    expect(row).toEqual({ visitor_id: staffId, student_id: students[0].id, status: 'PLANNED' });
    // Opened once more: the outbox is empty, nothing is sent again.
    await again.reload();
    await again.getByRole('button', { name: '提醒' }).waitFor({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await visitsAt(address)).toBe(1);
    expect(await again.getByRole('status', { name: /待同步/ }).count()).toBe(0);
    await context.close();
  });

  it('brings back what was typed when the page was lost before 保存, and lets it be discarded', async () => {
    const address = `草稿村${Date.now() % 100000}号`;
    const context = await phone();
    const page = await signIn(context);
    await openPlan(page, students[1]);
    await page.locator('.ra-input-address input').fill(address);
    await page.waitForTimeout(800); // the draft is kept a moment after typing stops
    await page.close();
    const again = await context.newPage();
    await again.goto(`${world.app.url}/#/VisitRecord/create`);
    await again.getByText('已恢复上次未保存的内容').waitFor({ timeout: 20_000 });
    expect(await again.locator('.ra-input-address input').inputValue()).toBe(address);
    await again.getByRole('button', { name: '清除草稿' }).click();
    await waitForCount(again.getByText('已恢复上次未保存的内容'), 0);
    // A fresh form: no student, no form of visit, so no address either.
    await waitForCount(again.locator('.ra-input-address input'), 0);
    expect(await again.locator('.ra-input-studentId input').inputValue()).toBe('');
    await again.reload();
    await again.locator('.ra-input-studentId input').waitFor({ timeout: 20_000 });
    expect(await again.getByText('已恢复上次未保存的内容').count()).toBe(0);
    await context.close();
  });

  it('departs once when the answer is lost on the way, and when 出发 is pressed offline', async () => {
    const context = await phone();
    const page = await signIn(context);
    // The server does the step, the phone never hears back: it sends it again with the same key.
    const lost = await plannedVisit(`失联应答村${Date.now() % 100000}`);
    let cut = 0;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('departVisit') || cut++ > 0) return route.continue();
      await route.fetch(); // reached the server and done
      await route.abort('connectionreset');
    });
    await page.goto(`${world.app.url}/#/VisitRecord/${lost}/show`);
    await page.getByRole('button', { name: '出发' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    expect(await settled(async () => (await world.app.sql('select status, version from visit_record where id = ?', [lost]))[0], { status: 'DEPARTED', version: 2 })).toEqual({ status: 'DEPARTED', version: 2 });
    await waitForCount(page.getByRole('status', { name: /待同步/ }), 0);
    expect(cut).toBeGreaterThanOrEqual(2);
    expect(await page.getByText(/Failed to fetch|已被他人修改|不能出发/).count()).toBe(0);
    await page.unroute('**/graphql');

    // Pressed with no network at all: kept, then sent when the network returns.
    const offline = await plannedVisit(`离线出发村${Date.now() % 100000}`);
    await page.goto(`${world.app.url}/#/VisitRecord/${offline}/show`);
    await page.getByRole('button', { name: '出发' }).waitFor({ timeout: 20_000 });
    await context.setOffline(true);
    await page.getByRole('button', { name: '出发' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByRole('status', { name: /1 条记录待同步/ }).waitFor({ timeout: 10_000 });
    expect((await world.app.sql('select status from visit_record where id = ?', [offline]))[0].status).toBe('PLANNED');
    await context.setOffline(false);
    expect(await settled(async () => (await world.app.sql('select status from visit_record where id = ?', [offline]))[0].status, 'DEPARTED')).toBe('DEPARTED');
    await waitForCount(page.getByRole('status', { name: /待同步/ }), 0);
    await context.close();
  });

  it("shrinks the camera's photo on the phone and stores it once when the answer is lost on the way", async () => {
    const visit = await plannedVisit(`照片村${Date.now() % 100000}`);
    const context = await phone();
    const page = await signIn(context);
    // A camera's 4000×3000 photo (coloured blocks, so it does not compress to nothing).
    const dataUrl = (await page.evaluate(`(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 4000;
      canvas.height = 3000;
      const g = canvas.getContext('2d');
      for (let y = 0; y < 3000; y += 6) for (let x = 0; x < 4000; x += 6) {
        g.fillStyle = 'rgb(' + ((x * 7 + y) % 256) + ',' + ((y * 3 + x * x) % 256) + ',' + ((x * y) % 256) + ')';
        g.fillRect(x, y, 6, 6);
      }
      return canvas.toDataURL('image/jpeg', 0.95);
    })()`)) as string;
    const photo = Buffer.from(dataUrl.split(',')[1], 'base64');
    expect(photo.length).toBeGreaterThan(1.5 * 1024 * 1024);
    let posts = 0;
    await page.route('**/files', async (route) => {
      if (route.request().method() !== 'POST' || posts++ > 0) return route.continue();
      await route.fetch(); // stored; the phone never hears back
      await route.abort('connectionreset');
    });
    await page.goto(`${world.app.url}/#/VisitRecord/${visit}/show`);
    await page.getByRole('tab', { name: '照片与附件' }).click();
    await takePhoto(page, { name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByText('已上传：现场.jpg').waitFor({ timeout: 30_000 });
    expect(posts).toBe(2);
    const rows = await world.app.sql('select size, content from attachment where visit_id = ?', [visit]);
    expect(rows).toHaveLength(1);
    expect(rows[0].size).toBeLessThanOrEqual(1024 * 1024);
    const { width, height } = jpegSize(rows[0].content);
    expect(Math.max(width, height)).toBeLessThanOrEqual(1600);
    expect(width / height).toBeCloseTo(4 / 3, 1);
    await context.close();
  });

  it('keeps a photo taken with no network through a closed page, and uploads it once when opened online', async () => {
    const visit = await plannedVisit(`离线照片村${Date.now() % 100000}`);
    const context = await phone();
    const page = await signIn(context);
    await page.goto(`${world.app.url}/#/VisitRecord/${visit}/show`);
    await page.getByRole('tab', { name: '照片与附件' }).click();
    await page.getByRole('button', { name: '上传附件' }).first().waitFor({ timeout: 20_000 });
    await context.setOffline(true);
    await takePhoto(page, { name: '离线.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('网络已断开：照片已保存在本机，恢复后自动上传').waitFor({ timeout: 10_000 });
    await page.getByRole('status', { name: /1 条记录待同步/ }).waitFor({ timeout: 10_000 });
    await page.close();
    expect(await photosOf(visit)).toBe(0);

    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(`${world.app.url}/#/`);
    expect(await settled(() => photosOf(visit), 1)).toBe(1);
    await again.getByText('离线时保存的 1 条记录已提交').waitFor({ timeout: 10_000 });
    await waitForCount(again.getByRole('status', { name: /待同步/ }), 0);
    await again.reload();
    await again.getByRole('button', { name: '提醒' }).waitFor({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await photosOf(visit)).toBe(1);
    await context.close();
  });

  it('opens the installed app with no network: the shell comes from the service worker', async () => {
    const context = await phone({ serviceWorkers: 'allow' });
    const page = await signIn(context);
    const manifest = await (await fetch(`${world.app.url}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ short_name: '家访', lang: 'zh-CN', display: 'standalone' });
    // The worker is installed and controls the page once its precache is complete.
    await page.evaluate('navigator.serviceWorker.ready.then(() => undefined)');
    await page.reload();
    expect(await page.evaluate('Boolean(navigator.serviceWorker.controller)')).toBe(true);
    await context.setOffline(true);
    await page.reload();
    // Not the browser's own offline page: the app, saying in Chinese that it waits for the network.
    await page.getByRole('status').filter({ hasText: '网络已断开：恢复后将自动继续' }).waitFor({ timeout: 20_000 });
    expect(await page.title()).toBe('家访 Jiafang');
    await screenshot(page, '23-offline-reopened-phone');
    // The network returns: the app goes on by itself.
    await context.setOffline(false);
    await page.getByRole('button', { name: '提醒' }).waitFor({ timeout: 30_000 });
    await context.close();
  });
});
