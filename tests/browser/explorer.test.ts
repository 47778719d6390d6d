import type { Page } from 'playwright-core';
import { browserAvailable, loginAs, screenshot, startBrowserWorld, type BrowserWorld } from './browser';

// The GraphQL explorer (GraphiQL, bundled): in the admin with the session's token and at
// /graphiql with a pasted API token, with every request outside the server counted and refused,
// as on a bureau intranet with no internet.

const describeIf = browserAvailable ? describe : describe.skip;
let world: BrowserWorld;

/** Refuses, and records, every request to a host other than the server's; and any CSP refusal. */
async function intranetOnly(page: Page): Promise<string[]> {
  const outside: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|CSP/i.test(m.text())) outside.push(`CSP: ${m.text()}`);
  });
  const own = new URL(world.app.url).host;
  await page.context().route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === own || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  return outside;
}

/**
 * Runs the query in the explorer's editor and waits for the answer to show `expected`. Monaco may
 * take keys before it is ready on a busy machine: the text is checked, and typed again if lost.
 */
async function run(page: Page, query: string, expected: string | RegExp): Promise<void> {
  const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await editor.waitFor({ timeout: 30_000 });
  const shown = () => page.locator('.graphiql-query-editor .view-lines').first().innerText().then((t) => t.replace(/\s+/g, ''));
  for (let attempt = 1; ; attempt++) {
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    if ((await shown()) === query.replace(/\s+/g, '') || attempt === 3) break;
    await page.waitForTimeout(1000);
  }
  await page.locator('.graphiql-execute-button').click();
  await page.locator('.graphiql-response').getByText(expected).first().waitFor({ timeout: 30_000 });
}

describeIf('the GraphQL explorer', () => {
  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(() => world?.close());

  it('runs queries in the admin with the session token, the docs in Chinese and the examples as tabs, reaching no other host', async () => {
    const page = await loginAs(world, 'analyst');
    const outside = await intranetOnly(page);
    // The menu may still be drawing when the page opens (the session's metadata, the bell): a click
    // on an item being replaced is lost, so it is made again until the route changes.
    const item = page.getByRole('menuitem', { name: 'GraphQL 查询' });
    for (let attempt = 1; !page.url().includes('#/graphql-explorer') && attempt <= 3; attempt++) {
      await item.click();
      await page.waitForURL((url) => url.hash.startsWith('#/graphql-explorer'), { timeout: 5_000 }).catch(() => undefined);
    }
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    // The docs' examples are the saved tabs.
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThan(5);
    await run(page, '{ me { username role } }', '"ANALYST"');
    // The schema's descriptions, in Chinese, in the documentation explorer.
    await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).first().click();
    await screenshot(page, 'graphql-explorer-docs');
    await page.locator('.graphiql-doc-explorer').getByText('当前用户、角色与数据范围').first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'graphql-explorer');
    expect(outside).toEqual([]);
  });

  it('answers at /graphiql on its own with a pasted API token, reaching no other host', async () => {
    const admin = await world.app.login('admin', 'jiafang-demo');
    const { createApiToken } = await world.app.ok<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "explorer test") { token } }', {}, admin);
    const context = await world.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const outside = await intranetOnly(page);
    await page.goto(`${world.app.url}/graphiql`);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    // No session here: the token field is the way in; without it the API refuses.
    await run(page, '{ _allStudentsMeta { count } }', /UNAUTHENTICATED|FORBIDDEN/);
    await page.locator('input[type="password"][aria-label="API 令牌"]').fill(createApiToken.token);
    // The token's role reads the summary reports.
    await run(page, '{ reports { name } }', '"visitStatisticsReport"');
    await screenshot(page, 'graphiql-token');
    expect(outside).toEqual([]);
    await context.close();
  });
});
