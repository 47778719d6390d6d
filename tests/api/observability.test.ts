import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// The request log (pino-http) and /metrics (prom-client) of the real server: one JSON line per
// request with its id, user, role, operation, status, duration and error code, and nothing
// personal; Prometheus text with the latency histograms, errors by code and the pool.

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
const lines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
  app = await startTestApp({ server: { logger: pino({ level: 'info' }, sink) } });
  county = await createCounty(app);
});
afterAll(() => app.close());

const logged = () => lines.map((l) => JSON.parse(l));

it('writes one line per request with id, user, role, operation, status and duration, and no personal data', async () => {
  const teacher = county.users.TEACHER;
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${teacher}`, 'x-request-id': 'visit-check-42' },
    body: JSON.stringify({ operationName: 'MyStudents', query: 'query MyStudents { allStudents(perPage: 50) { id name idNumber guardians { name phone } } }' }),
  });
  expect(res.headers.get('x-request-id')).toBe('visit-check-42');
  const body = (await res.json()) as any;
  expect(body.errors).toBeUndefined();
  const line = logged().find((l) => l.req?.id === 'visit-check-42');
  expect(line).toMatchObject({ level: 30, msg: 'request', req: { method: 'POST', path: '/graphql' }, res: { status: 200 }, role: 'TEACHER', operation: 'MyStudents' });
  expect(line.userId).toMatch(/^[0-9a-f-]{36}$/);
  expect(line.responseTime).toBeGreaterThanOrEqual(0);

  // A refusal carries its code; a failed login's password and the token never reach the log.
  await app.gql('mutation Bad { createStudent(name: "", gender: MALE, birthDate: "2012-01-01") { id } }', {}, county.users.BUREAU_ADMIN);
  await app.gql('mutation { login(username: "teacher-x", password: "Secret-Guess-1987") { token } }');
  await fetch(`${app.url}/export/Student.csv?q=${encodeURIComponent('王小明')}`, { headers: { authorization: `Bearer ${teacher}` } }).then((r) => r.text());
  expect(logged().find((l) => l.operation === 'Bad')).toMatchObject({ errorCode: 'BAD_USER_INPUT', role: 'BUREAU_ADMIN' });
  expect(logged().find((l) => l.req?.path === '/export/Student.csv')).toMatchObject({ role: 'TEACHER', res: { status: 200 } });

  const text = lines.join('\n');
  const students = (body.data.allStudents as { name: string; idNumber: string | null; guardians: { name: string; phone: string | null }[] }[]);
  expect(students.length).toBeGreaterThan(0);
  for (const s of students) {
    expect(text).not.toContain(s.name);
    if (s.idNumber) expect(text).not.toContain(s.idNumber);
    for (const g of s.guardians) if (g.phone) expect(text).not.toContain(g.phone);
  }
  for (const secret of ['Secret-Guess-1987', teacher, '王小明', 'q=']) expect(text).not.toContain(secret);
  // Probes do not flood the log.
  await fetch(`${app.url}/healthz`);
  expect(logged().some((l) => l.req?.path === '/healthz')).toBe(false);
});

it('serves Prometheus metrics: latency by route and operation, errors by code, the pool and the event loop', async () => {
  const res = await fetch(`${app.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  expect(text).toMatch(/jiafang_http_request_duration_seconds_count\{route="\/graphql",method="POST",status="200"\} \d+/);
  expect(text).toMatch(/jiafang_graphql_operation_duration_seconds_count\{operation="MyStudents",type="query"\} [1-9]/);
  expect(text).toMatch(/jiafang_errors_total\{code="BAD_USER_INPUT"\} [1-9]/);
  expect(text).toMatch(/jiafang_db_pool_connections\{state="free"\} \d+/);
  expect(text).toMatch(/jiafang_nodejs_eventloop_lag_seconds \d/);
  expect(text).toContain('jiafang_bulk_rows_written_total');
  expect(text).not.toContain('visit-check-42');
});
