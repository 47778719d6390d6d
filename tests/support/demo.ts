import type { TestApp } from './app';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoCounty } from '../../packages/api/src/demo/seed';

/**
 * The demo county (as `pnpm start` loads it) in a test's database, with a login for each demo
 * user (admin, aid, principal, teacher, analyst) and an API token the admin creates through the
 * API, as a dashboard would get one.
 */
export async function loadDemoCounty(app: TestApp, students = 3000) {
  await seedDemoCounty(app.orm, { students, now: new Date('2025-06-01T12:00:00+08:00') });
  const tokens: Record<string, string> = {};
  for (const { username } of DEMO_USERS) tokens[username] = await app.login(username, DEMO_PASSWORD);
  tokens.token = (await app.ok('mutation { createApiToken(name: "数据看板") { token } }', {}, tokens.admin)).createApiToken.token;
  return tokens;
}
