import { startTestApp, type TestApp } from '../support/app';
import { migrationsList } from '../../packages/api/src/db/migrations';

// /healthz says the process runs; /readyz that the database answers and has every migration.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.close();
});

async function get(path: string) {
  const res = await fetch(`${app.url}${path}`);
  return { status: res.status, body: await res.json() };
}

it('is not ready while a migration of this build is missing, says which, and is once it is there', async () => {
  const last = migrationsList[migrationsList.length - 1].name;
  const [row] = await app.sql('select * from mikro_orm_migrations where name = ?', [last]);
  expect(row).toBeDefined();
  await app.sql('delete from mikro_orm_migrations where name = ?', [last]);

  const missing = await get('/readyz');
  expect(missing.status).toBe(503);
  expect(missing.body).toEqual({ ready: false, reason: `1 migration(s) not applied: ${last}` });
  expect(await get('/healthz')).toEqual({ status: 200, body: { ok: true } });

  await app.sql('insert into mikro_orm_migrations (name, executed_at) values (?, ?)', [row.name, row.executed_at]);
  await new Promise((r) => setTimeout(r, 1_100)); // past the 1 s the answer is kept
  expect(await get('/readyz')).toEqual({ status: 200, body: { ready: true } });
});
