import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// Input that used to reach PostgreSQL and come back as an internal error: each is refused at the
// boundary as BAD_USER_INPUT naming the field, and nothing is written.

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
beforeAll(async () => {
  app = await startTestApp();
  county = await createCounty(app);
});
afterAll(() => app.close());

const admin = (q: string, v?: Record<string, unknown>) => app.gql(q, v, county.users.BUREAU_ADMIN);
const CREATE_STUDENT = 'mutation ($n: String!, $b: LocalDate!, $s: ID) { createStudent(name: $n, gender: MALE, birthDate: $b, schoolId: $s) { id } }';
const students = async () => (await app.sql<{ n: number }>('select count(*)::int as n from student'))[0].n;

it('a NUL byte, even in an anonymous login, is BAD_USER_INPUT naming the field', async () => {
  const res = await app.gql('mutation ($u: String!) { login(username: $u, password: "whatever-it-is") { token } }', { u: 'admin\u0000' });
  expect(res.status).toBe(400);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username', rule: 'NUL_CHARACTER' });
  const literal = await admin('{ allStudents(filter: { q: "王\\u0000" }) { id } }');
  expect(literal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'q', rule: 'NUL_CHARACTER' });
});

it('a lone surrogate and a year-0 date are refused before anything is written', async () => {
  const before = await students();
  const surrogate = await admin(CREATE_STUDENT, { n: '王\ud800明', b: '2015-01-01', s: county.schools.A });
  expect(surrogate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'INVALID_CHARACTER' });
  const year0 = await admin(CREATE_STUDENT, { n: '王明', b: '0000-01-01', s: county.schools.A });
  expect(year0.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'birthDate', rule: 'DATE_RANGE' });
  const impossible = await admin(CREATE_STUDENT, { n: '王明', b: '2024-02-30', s: county.schools.A });
  expect(impossible.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'b' });
  expect(await students()).toBe(before);
});

it('a malformed id inside bulk rows whose natural key holds a reference is BAD_USER_INPUT', async () => {
  const res = await admin('mutation ($d: [SchoolClassInput!]!) { upsertManySchoolClasses(data: $d) { committed } }', {
    d: [{ schoolId: 'not-a-uuid', grade: 3, name: '三年级（9）班', schoolYear: '2024-2025' }],
  });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolId', rule: 'ID_FORMAT', path: 'upsertManySchoolClasses.data.0.schoolId' });
});

it('10,000 rows that break the schema are one BAD_USER_INPUT', async () => {
  const res = await admin('mutation ($d: [StudentInput!]!) { createManyStudents(data: $d) { committed } }', { d: Array.from({ length: 10_000 }, () => ({ gender: 'MALE' })) });
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const e of res.errors!) expect(e.extensions?.code).toBe('BAD_USER_INPUT');
});

it('search and filter values longer than any stored value are refused, naming the filter', async () => {
  const q = await admin('query ($q: String) { allStudents(filter: { q: $q }) { id } }', { q: '王'.repeat(101) });
  expect(q.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'q', rule: 'TOO_LONG' });
  const name = await admin('query ($n: String) { allStudents(filter: { name: $n }) { id } }', { n: '王'.repeat(31) });
  expect(name.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'TOO_LONG' });
  const huge = await admin('query ($n: String) { allStudents(filter: { address: $n }) { id } }', { n: 'x'.repeat(200_000) });
  expect(huge.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'address', rule: 'TOO_LONG' });
});

it.each([['{"query": ', 'truncated'], ['null', 'null'], ['{"query": "{ me { id } }"', 'unclosed']])('a malformed body (%s) is a JSON 400, never a page with a stack', async (body) => {
  const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/node_modules|\bat \w|<html|\/work\//i);
  expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
});

it('an export whose filter holds an impossible date is a 400 naming the field, not a 500', async () => {
  const get = (filter: unknown) =>
    fetch(`${app.url}/export/Student.csv?filter=${encodeURIComponent(JSON.stringify(filter))}`, { headers: { authorization: `Bearer ${county.users.BUREAU_ADMIN}` } });
  const bad = await get({ birthDate_gt: '2024-02-30' });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'birthDate_gt' });
  const nul = await get({ name: 'a\u0000' });
  expect(nul.status).toBe(400);
  expect(await nul.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'NUL_CHARACTER' });
  expect((await get({ birthDate_gt: '2010-02-28' })).status).toBe(200);
});
