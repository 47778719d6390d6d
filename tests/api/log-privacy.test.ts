import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { makeIdNumber } from '../../packages/api/src/core/validation/id-number';

// A write the database refuses for a reason the API does not expect is an internal error: the
// client learns nothing, and the server log says what failed without the child's data in it.

const log: string[] = [];
let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
beforeAll(async () => {
  app = await startTestApp({ log: (m) => log.push(m) });
  county = await createCounty(app);
  // A refusal no rule of the API knows: the statement fails inside PostgreSQL.
  await app.sql(`create function refuse_marked() returns trigger language plpgsql as $$
    begin
      if new.note like '%拒收%' then raise exception 'refused by the test trigger' using errcode = 'XX000'; end if;
      return new;
    end $$`);
  await app.sql('create trigger refuse_marked before insert or update on student for each row execute function refuse_marked()');
});
afterAll(() => app.close());

const NAME = '欧阳晓燕';
const ID = makeIdNumber('610526', '2014-03-09', 417, 'FEMALE');
const NOTE = '拒收 监护人电话13987654321';
const admin = (q: string, v?: Record<string, unknown>) => app.gql(q, v, county.users.BUREAU_ADMIN);

function expectNothingPersonal(lines: string[]) {
  expect(lines.length).toBeGreaterThan(0);
  const text = lines.join('\n');
  for (const secret of [ID, ID.slice(6, 14), NAME, '13987654321', '2014-03-09']) expect(text).not.toContain(secret);
}

it('a failed createStudent: internal error to the client, statement shape and code in the log', async () => {
  log.length = 0;
  const res = await admin(
    `mutation ($n: String!, $id: String!, $note: String!, $s: ID!) { createStudent(name: $n, gender: FEMALE, birthDate: "2014-03-09", idNumber: $id, note: $note, schoolId: $s) { id } }`,
    { n: NAME, id: ID, note: NOTE, s: county.schools.A },
  );
  expect(res.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  expect(JSON.stringify(res)).not.toContain('refused');
  expectNothingPersonal(log);
  expect(log.join('\n')).toMatch(/\[XX000\].*insert into "student" .*values \(\?, \?/s);
  expect(await app.sql('select 1 from student where id_number = ?', [ID])).toHaveLength(0);
});

it('a failed bulk load (COPY) and a failed batched update leave no values in the log either', async () => {
  log.length = 0;
  const upsert = await admin('mutation ($d: [StudentInput!]!) { r: upsertManyStudents(data: $d) { committed } }', {
    d: [{ name: NAME, gender: 'FEMALE', birthDate: '2014-03-09', idNumber: ID, note: NOTE, schoolId: county.schools.A }],
  });
  expect(upsert.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  const created = await admin('mutation ($d: [StudentInput!]!) { r: createManyStudents(data: $d) { rows { id } } }', {
    d: [0, 1].map((i) => ({ name: `${NAME}${i}`, gender: 'FEMALE', birthDate: '2014-03-09', idNumber: makeIdNumber('610526', '2014-03-09', 421 + i * 2, 'FEMALE'), schoolId: county.schools.A })),
  });
  const ids = created.data.r.rows.map((r: { id: string }) => r.id);
  const update = await admin('mutation ($d: [StudentUpdateInput!]!) { r: updateManyStudents(data: $d) { committed } }', {
    d: ids.map((id: string) => ({ id, version: 1, note: NOTE })),
  });
  expect(update.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  expectNothingPersonal(log);
  expect(log.join('\n')).toContain('XX000');
});
