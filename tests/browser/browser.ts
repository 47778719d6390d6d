import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { seedDemoCounty } from '../../packages/api/src/demo/seed';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
export const SCREENSHOTS = path.join(__dirname, '../artifacts/screenshots');
const ADMIN_DIR = path.join(__dirname, '../../packages/admin/dist');

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/**
 * Without Chromium the browser tests cannot run: in CI that fails the run; elsewhere the suite
 * says so and how to install it, and skips.
 */
export const browserAvailable = (() => {
  if (chromiumPath()) return true;
  const message = 'Browser tests need Chromium: install it with `apt-get install -y chromium fonts-noto-cjk` (or set CHROMIUM_PATH).';
  if (process.env.CI) throw new Error(message);
  console.warn(`SKIPPED: ${message}`);
  return false;
})();

export interface BrowserWorld {
  app: TestApp;
  browser: Browser;
  /** Content-Security-Policy violations seen by any page opened with loginAs. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** The real server with the built admin and a small demo county, and a headless Chromium. */
export async function startBrowserWorld(): Promise<BrowserWorld> {
  if (!fs.existsSync(path.join(ADMIN_DIR, 'index.html'))) throw new Error('the admin is not built: run `pnpm --filter @jiafang/admin build` (pnpm test does)');
  const app = await startTestApp({ adminDir: ADMIN_DIR });
  await seedDemoCounty(app.orm, { students: 400, seed: 7 });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    app,
    browser,
    cspViolations: [],
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** A fresh page logged in as a demo user, in Chinese at a desktop size. */
export async function loginAs(world: BrowserWorld, username: string): Promise<Page> {
  const context = await world.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  // The event names the directive and what was blocked; Chromium's own console line says it again.
  await context.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber))",
  );
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (/CSP violation|Content Security Policy/i.test(m.text())) world.cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  await page.goto(`${world.app.url}/#/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill('jiafang-demo');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.hash.includes('login'), { timeout: 20_000 });
  return page;
}

/**
 * Waits until a locator matches exactly `count` elements. Playwright's waitForFunction cannot
 * poll here: it evals its predicate in the page, which the admin's CSP (no 'unsafe-eval') refuses.
 */
export async function waitForCount(locator: Locator, count: number, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} of ${locator}, still ${await locator.count()} after ${timeout} ms`);
    await locator.page().waitForTimeout(100);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
