import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// The running server's pool keeps at most DB_PREPARED_PER_CONNECTION statements prepared on each
// connection (db/prepared-cap.ts): many shapes of read, each answered as before, and no connection
// holds more (pg_prepared_statements is per connection: asked on several at once).

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
beforeAll(async () => {
  process.env.DB_PREPARED_PER_CONNECTION = '3';
  app = await startTestApp();
  county = await createCounty(app);
});
afterAll(async () => {
  delete process.env.DB_PREPARED_PER_CONNECTION;
  await app.close();
});

const FIELDS = ['name', 'gender', 'birthDate', 'schoolId', 'classId', 'schoolingStatus', 'householdVillageId', 'version'];

it('reads of many shapes answer right, again and again, while the connection holds at most the bound', async () => {
  const admin = county.users.BUREAU_ADMIN;
  // Each selection is a statement text of its own, prepared by name.
  const read = (n: number) => app.ok(`{ allStudents(perPage: 50, sortField: "id", sortOrder: "ASC") { id ${FIELDS.slice(0, n).join(' ')} } }`, {}, admin);
  const first = await Promise.all(FIELDS.map((_, i) => read(i + 1)));
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < FIELDS.length; i++) expect(await read(i + 1)).toEqual(first[i]);
  }
  expect(first[FIELDS.length - 1].allStudents.length).toBeGreaterThan(3);
  const held = (await Promise.all(Array.from({ length: 6 }, () => app.sql<{ n: number }>('select count(*)::int as n, pg_sleep(0.05) from pg_prepared_statements')))).map((r) => r[0].n);
  expect(Math.max(...held)).toBeGreaterThan(0);
  expect(Math.max(...held)).toBeLessThanOrEqual(3);
});
