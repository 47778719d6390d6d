import { browserAvailable, loginAs, screenshot, startBrowserWorld, type BrowserWorld } from './browser';

const describeIf = browserAvailable ? describe : describe.skip;
let world: BrowserWorld;

describeIf('the generated admin in Chromium', () => {
  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(() => world?.close());

  it('logs in as the bureau admin and lists students with real demo data', async () => {
    const page = await loginAs(world, 'admin');
    await page.goto(`${world.app.url}/#/Student`);
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor({ timeout: 20_000 });
    expect(await rows.count()).toBeGreaterThan(5);
    await screenshot(page, 'students-admin');
  });
});
