import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { FIXTURE_PASSWORD } from '../support/fixtures';

let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;
const admin = (q: string, v?: Record<string, unknown>) => app.gql(q, v, c.users.BUREAU_ADMIN);

beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
});
afterAll(() => app.close());

describe('integration API tokens', () => {
  const CREATE = 'mutation ($n: String!, $e: DateTimeISO) { createApiToken(name: $n, expiresAt: $e) { token apiToken { id name prefix expiresAt revokedAt } } }';

  it('are created by a bureau admin, shown once, stored hashed, used, and revoked at once', async () => {
    const created = (await admin(CREATE, { n: '县教育局数据看板' })).data.createApiToken;
    expect(created.token).toMatch(/^jft_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.apiToken.prefix)).toBe(true);
    const stored = await app.sql('select token_hash from api_token where id = ?', [created.apiToken.id]);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.token);
    const listed = await admin('{ allApiTokens { id name } }');
    expect(JSON.stringify(listed.data)).not.toContain(created.token);

    const me = await app.ok('{ me { role scope } }', {}, created.token);
    expect(me.me).toEqual({ role: 'INTEGRATION', scope: 'BUREAU' });
    // Aggregates only: no row per child (tests/api/token-aggregates.test.ts).
    expect((await app.gql('{ allStudents { gender schoolingStatus } }', {}, created.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.ok('{ consolationReport { total { rowType } } }', {}, created.token)).consolationReport.total.rowType).toBe('TOTAL');
    expect((await app.gql('{ allGuardians { id } }', {}, created.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const write = await app.gql('mutation ($id: ID!) { updateStudent(id: $id, version: 1, note: "x") { id } }', { id: c.students.s1 }, created.token);
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    await admin('mutation ($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: created.apiToken.id });
    const after = await app.gql('{ me { role } }', {}, created.token);
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('expire', async () => {
    const created = (await admin(CREATE, { n: '临时', e: new Date(Date.now() + 60_000).toISOString() })).data.createApiToken;
    expect((await app.gql('{ me { role } }', {}, created.token)).errors).toBeUndefined();
    await app.sql("update api_token set expires_at = now() - interval '1 second' where id = ?", [created.apiToken.id]);
    const expired = await app.gql('{ me { role } }', {}, created.token);
    expect(expired.errors?.[0]).toMatchObject({ message: '登录已过期，请重新登录', extensions: { code: 'UNAUTHENTICATED' } });
    // Downloads beside the API say the same.
    for (const path of ['/export/Student.csv', '/reports/consolationReport.xlsx', '/import/Student/template.xlsx']) {
      const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${created.token}` } });
      expect([path, res.status, await res.json()]).toEqual([path, 401, { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' }]);
    }
    const past = await admin(CREATE, { n: 'x', e: '2020-01-01T00:00:00Z' });
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
  });

  it('cannot be created by anyone else, and a forged token is refused', async () => {
    const byPrincipal = await app.gql(CREATE, { n: 'x' }, c.users.SCHOOL_ADMIN);
    expect(byPrincipal.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const forged = await app.gql('{ me { role } }', {}, 'jft_' + 'A'.repeat(43));
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('accounts', () => {
  it('are created by bureau admins with a password policy, reset by them and changed by their owners', async () => {
    const create = 'mutation ($u: String!, $p: String!, $s: ID) { createUser(username: $u, password: $p, role: TEACHER, schoolId: $s) { id } }';
    const short = await admin(create, { u: 'zhang.teacher', p: 'short', s: c.schools.A });
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password', rule: 'PASSWORD_TOO_SHORT' });
    const same = await admin(create, { u: 'zhang.teacher', p: 'zhang.teacher', s: c.schools.A });
    expect(same.errors?.[0].extensions).toMatchObject({ field: 'password', rule: 'PASSWORD_IS_USERNAME' });
    const byPrincipal = await app.gql(create, { u: 'zhang.teacher', p: 'long-enough-1', s: c.schools.A }, c.users.SCHOOL_ADMIN);
    expect(byPrincipal.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const id = (await admin(create, { u: 'zhang.teacher', p: 'long-enough-1', s: c.schools.A })).data.createUser.id;

    const token = await app.login('zhang.teacher', 'long-enough-1');
    const wrong = await app.gql('mutation { changePassword(currentPassword: "nope-nope", newPassword: "another-pass-2") }', {}, token);
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    expect((await app.ok('mutation { changePassword(currentPassword: "long-enough-1", newPassword: "another-pass-2") }', {}, token)).changePassword).toBe(true);
    expect(await app.login('zhang.teacher', 'another-pass-2')).toEqual(expect.any(String));

    await admin('mutation ($id: ID!) { resetUserPassword(id: $id, password: "reset-by-admin-3") { id } }', { id });
    expect(await app.login('zhang.teacher', 'reset-by-admin-3')).toEqual(expect.any(String));
    const hashes = await app.sql('select password_hash from "user" where id = ?', [id]);
    expect(hashes[0].password_hash).not.toContain('reset-by-admin-3');

    // A disabled account loses access at once, its token included.
    const { version } = (await admin('query ($id: ID!) { User(id: $id) { version } }', { id })).data.User;
    await admin('mutation ($id: ID!, $v: Int!) { updateUser(id: $id, version: $v, active: false) { id } }', { id, v: version });
    expect((await app.gql('{ me { id } }', {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('login protection', () => {
  it('throttles a username after repeated failures, even with the right password', async () => {
    const name = (await app.ok('{ me { username } }', {}, c.users.ANALYST)).me.username;
    for (let i = 0; i < 5; i++) {
      const res = await app.gql('mutation ($u: String!) { login(username: $u, password: "wrong-password") { token } }', { u: name });
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await app.gql('mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: name, p: FIXTURE_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'LOGIN_THROTTLED' });
    expect(blocked.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(800);
    // Another account from the same address still logs in.
    const other = (await app.ok('{ me { username } }', {}, c.users.AID_OFFICER)).me.username;
    expect(await app.login(other, FIXTURE_PASSWORD)).toEqual(expect.any(String));
  });
});
