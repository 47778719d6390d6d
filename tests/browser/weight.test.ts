import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { browserAvailable, startBrowserWorld, type BrowserWorld } from './browser';

// The admin on a slow link: what the browser downloads before the login form and up to the
// first list (bytes on the wire, as Chromium counts them), that nothing asks for the schema
// before login, that everything comes compressed and hashed assets are cached for good. Timings
// are printed for docs/performance.md, not asserted (the machine's load decides them).

const describeIf = browserAvailable ? describe : describe.skip;
let world: BrowserWorld;

interface Loaded {
  id: string;
  url: string;
  bytes: number;
  encoding?: string;
  cacheControl?: string;
  type?: string;
  postData?: string;
  /** When the browser sent it, ms since the epoch. */
  sentAt: number;
}

/** Records every response of the page with its encoded (wire) size, through the DevTools protocol. */
async function recorder(page: Page): Promise<{ cdp: CDPSession; loaded: Loaded[]; sent: Map<string, Loaded> }> {
  const cdp = await page.context().newCDPSession(page);
  const loaded: Loaded[] = [];
  const pending = new Map<string, Loaded>();
  cdp.on('Network.requestWillBeSent', (e) => {
    pending.set(e.requestId, { id: e.requestId, url: e.request.url, bytes: 0, postData: e.request.postData, sentAt: e.wallTime * 1000 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = pending.get(e.requestId);
    if (!r) return;
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    Object.assign(r, { encoding: h['content-encoding'], cacheControl: h['cache-control'], type: e.type });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = pending.get(e.requestId);
    if (r) (r.bytes = e.encodedDataLength), loaded.push(r);
  });
  await cdp.send('Network.enable');
  return { cdp, loaded, sent: pending };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const sum = (list: Loaded[]) => list.reduce((a, r) => a + r.bytes, 0);
const scripts = (list: Loaded[]) => list.filter((r) => r.type === 'Script');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function fresh(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await world.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  return { context, page: await context.newPage() };
}

async function signIn(page: Page): Promise<void> {
  await page.locator('input[name="username"]').fill('admin');
  await page.locator('input[name="password"]').fill('jiafang-demo');
  await page.locator('button[type="submit"]').click();
}

describeIf('the admin on a slow link', () => {
  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(() => world?.close());

  it('shows the login form without the schema, and the first list within 500 KB of compressed JavaScript', async () => {
    const { context, page } = await fresh();
    const { loaded, sent } = await recorder(page);
    // The moment the form showed, as the page saw it (the signed-in code is fetched after, in idle
    // time while the user types, and may start before the test hears of the form).
    await page.addInitScript(`
      const watch = new MutationObserver(() => {
        if (!document.querySelector('input[name="username"]')) return;
        window.formShownAt = Date.now();
        watch.disconnect();
      });
      watch.observe(document, { childList: true, subtree: true });
    `);
    // A bookmarked list opened signed out: the login form first.
    await page.goto(`${world.app.url}/#/Student`);
    await page.locator('input[name="username"]').waitFor();
    const formShownAt = (await page.evaluate('window.formShownAt')) as number;
    expect(formShownAt).toBeGreaterThan(0);
    // What the form needed: the requests sent before it showed, once they have all arrived.
    const forForm = new Set([...sent.values()].filter((r) => r.sentAt <= formShownAt).map((r) => r.id));
    for (let waited = 0; loaded.filter((r) => forForm.has(r.id)).length < forForm.size && waited < 10_000; waited += 50) await page.waitForTimeout(50);
    const beforeLogin = loaded.filter((r) => forForm.has(r.id));
    // No GraphQL before the form (the schema comes with the build, after login).
    expect(beforeLogin.filter((r) => new URL(r.url).pathname === '/graphql')).toEqual([]);
    expect(beforeLogin.filter((r) => r.url.includes('introspection'))).toEqual([]);

    await signIn(page);
    await page.locator('.list-page[data-resource="Student"] table tbody tr').first().waitFor({ timeout: 30_000 });
    const toFirstList = [...loaded];
    expect(page.url()).toContain('#/Student');
    // One request for the page, read ahead with the session; the schools, classes and villages its
    // columns name come in it, not in requests of their own.
    const operations = toFirstList.map((r) => /"operationName":"(\w+)"/.exec(r.postData ?? '')?.[1]).filter(Boolean);
    expect(operations.filter((o) => o === 'allStudents')).toEqual(['allStudents']);
    expect(operations.filter((o) => /^all(Schools|SchoolClasses|Regions)$/.test(o!))).toEqual([]);
    // The schema is never queried: no __schema introspection request at all.
    expect(toFirstList.filter((r) => r.postData?.includes('__schema'))).toEqual([]);

    // Every script arrives compressed (but the few under 1 KB) and under a hashed name cached for good.
    for (const r of scripts(toFirstList)) {
      if (r.bytes > 1500) expect({ url: r.url, encoding: r.encoding }).toEqual({ url: r.url, encoding: 'br' });
      expect(r.cacheControl).toBe('public, max-age=31536000, immutable');
    }
    const index = toFirstList.find((r) => r.type === 'Document');
    expect(index?.cacheControl).toBe('no-cache');
    // GraphQL answers over 1 KB come compressed as well.
    expect(toFirstList.filter((r) => r.url.endsWith('/graphql') && r.bytes > 2048 && !r.encoding)).toEqual([]);

    const [loginJs, listJs] = [sum(scripts(beforeLogin)), sum(scripts(toFirstList))];
    expect(loginJs).toBeLessThan(300 * 1024);
    expect(listJs).toBeLessThan(500 * 1024);
    console.log(
      `admin weight: before the login form ${kb(sum(beforeLogin))} in ${beforeLogin.length} responses (JavaScript ${kb(loginJs)}); ` +
        `to the first list ${kb(sum(toFirstList))} (JavaScript ${kb(listJs)})`,
    );
    await context.close();
  });

  it('measures login → first list (median of 3) and the login form on a 1.6 Mbit/s link', async () => {
    // A bookmarked list opened signed out: the login form, then that list. A person spends a few
    // seconds on the form (the screens' code and the schema load meanwhile); "at once" is a script
    // that signs in the moment the form shows.
    const signInToList = async (onForm: number) => {
      const { context, page } = await fresh();
      await page.goto(`${world.app.url}/#/Student`);
      await page.locator('input[name="username"]').waitFor();
      await page.waitForTimeout(onForm);
      const started = Date.now();
      await signIn(page);
      await page.locator('.list-page[data-resource="Student"] table tbody tr').first().waitFor({ timeout: 30_000 });
      const took = Date.now() - started;
      expect(page.url()).toContain('#/Student');
      await context.close();
      return took;
    };
    const typed: number[] = [];
    const atOnce: number[] = [];
    for (let i = 0; i < 3; i++) typed.push(await signInToList(2000));
    for (let i = 0; i < 3; i++) atOnce.push(await signInToList(0));

    const { context, page } = await fresh();
    const { cdp } = await recorder(page);
    // 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trips: a phone on a village road.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 });
    const started = Date.now();
    await page.goto(`${world.app.url}/#/login`);
    await page.locator('input[name="username"]').waitFor({ timeout: 60_000 });
    const slow = Date.now() - started;
    await context.close();

    console.log(
      `admin timings: login → first list ${typed.join(', ')} ms (median ${median(typed)} ms) after 2 s on the form, ` +
        `${atOnce.join(', ')} ms (median ${median(atOnce)} ms) signed in at once; login form on 1.6 Mbit/s ${(slow / 1000).toFixed(1)} s`,
    );
    expect(slow).toBeGreaterThan(0);
  });

  it('says so and offers a retry when a chunk does not arrive after login, instead of a blank page', async () => {
    const { context, page } = await fresh();
    // The connection is gone for the screens' code from the start: the login form fetches it while
    // the user types (idle time, possibly before the form is even filled), and again on signing in.
    await context.route(/\/assets\/SignedInApp-[^/]*\.js$/, (route) => route.abort('internetdisconnected'));
    await page.goto(`${world.app.url}/#/login`);
    await page.locator('input[name="username"]').waitFor();
    await signIn(page);
    await page.getByText('无法连接服务器，请稍后重试。').waitFor({ timeout: 20_000 });
    await context.unroute(/\/assets\/SignedInApp-[^/]*\.js$/);
    // 重试 reloads: with the connection back, the signed-in admin comes up.
    await page.getByRole('button', { name: '重试' }).click();
    await page.getByText('您好').first().waitFor({ timeout: 30_000 });
    await context.close();
  });
});
