import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// No statement holds a pooled connection past DB_STATEMENT_TIMEOUT_MS: it is cancelled and the
// client told TIMEOUT (never an internal error), and the pool serves the next request at once.

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
beforeAll(async () => {
  process.env.DB_STATEMENT_TIMEOUT_MS = '800';
  app = await startTestApp();
  county = await createCounty(app);
});
afterAll(async () => {
  delete process.env.DB_STATEMENT_TIMEOUT_MS;
  await app.close();
});

it('a statement that waits past the limit is cancelled as TIMEOUT, and nothing is written', async () => {
  const other = new Client({ connectionString: app.db.url });
  await other.connect();
  try {
    // Another session holds the row, so the update's statement waits (and is timed).
    await other.query('begin');
    await other.query('select 1 from student where id = $1 for update', [county.students.s1]);
    const started = Date.now();
    const res = await app.gql('mutation ($id: ID!) { updateStudent(id: $id, version: 1, note: "等待") { id } }', { id: county.students.s1 }, county.users.BUREAU_ADMIN);
    const took = Date.now() - started;
    await other.query('rollback');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'TIMEOUT' });
    expect(took).toBeGreaterThanOrEqual(700);
    expect(took).toBeLessThan(5000);
    const [row] = await app.sql('select note, version from student where id = ?', [county.students.s1]);
    expect(row).toMatchObject({ version: 1 });
    expect(row.note).not.toBe('等待');
  } finally {
    await other.end();
  }
  const next = await app.gql('{ _allStudentsMeta { count } }', undefined, county.users.BUREAU_ADMIN);
  expect(next.data._allStudentsMeta.count).toBeGreaterThan(0);
});
