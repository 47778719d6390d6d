import { createHmac, randomUUID } from 'node:crypto';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// Passwords, login tokens and API tokens over the real HTTP server: what an attacker holding an
// old token, a forged one or a guessable password gets.

let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;
const admin = (q: string, v?: Record<string, unknown>) => app.gql(q, v, c.users.BUREAU_ADMIN);
const CREATE_USER = 'mutation ($u: String!, $p: String!, $s: ID) { createUser(username: $u, password: $p, role: TEACHER, schoolId: $s) { id } }';
const CHANGE = 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
const RESET = 'mutation ($id: ID!, $p: String!) { resetUserPassword(id: $id, password: $p) { id } }';
const SET_ACTIVE = 'mutation ($id: ID!, $v: Int!, $a: Boolean) { updateUser(id: $id, version: $v, active: $a) { id version } }';

beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
});
afterAll(() => app.close());

/** A JWT signed by hand with the server's key: what a leaked key or a careless issuer would produce. */
function handSigned(payload: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${body}.${createHmac('sha256', TEST_JWT_SECRET).update(body).digest('base64url')}`;
}

async function newTeacher(username: string, password: string): Promise<string> {
  const res = await admin(CREATE_USER, { u: username, p: password, s: c.schools.A });
  expect(res.errors).toBeUndefined();
  return res.data.createUser.id;
}

const meStatus = async (token: string) => {
  const res = await app.gql('{ me { id } }', {}, token);
  return { status: res.status, code: res.errors?.[0]?.extensions?.code ?? null };
};
const REFUSED = { status: 401, code: 'UNAUTHENTICATED' };
const ACCEPTED = { status: 200, code: null };

describe('password strength', () => {
  it('refuses common and guessable passwords wherever a password is set, naming the field', async () => {
    for (const weak of ['12345678', 'password', '        ', 'qwertyuiop', 'woaini1314', 'jiafang-demo']) {
      const res = await admin(CREATE_USER, { u: 'weak.teacher', p: weak, s: c.schools.A });
      expect([weak, res.errors?.[0].extensions]).toEqual([weak, expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'password', rule: 'WEAK_PASSWORD' })]);
      expect(res.errors?.[0].message).toMatch(/^密码太容易被猜到/);
    }
    // Built on the account's own name.
    const own = await admin(CREATE_USER, { u: 'wang.lixia', p: 'wang.lixia2024', s: c.schools.A });
    expect(own.errors?.[0].extensions).toMatchObject({ field: 'password', rule: 'WEAK_PASSWORD' });
    expect(await app.sql('select 1 from "user" where username in (?, ?)', ['weak.teacher', 'wang.lixia'])).toEqual([]);

    const id = await newTeacher('strong.teacher', 'long-enough-1');
    const { version } = (await admin('query ($id: ID!) { User(id: $id) { version } }', { id })).data.User;
    const update = await admin('mutation ($id: ID!, $v: Int!) { updateUser(id: $id, version: $v, password: "password1") { id } }', { id, v: version });
    expect(update.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password', rule: 'WEAK_PASSWORD' });
    const reset = await admin(RESET, { id, p: '11111111' });
    expect(reset.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password', rule: 'WEAK_PASSWORD' });

    const token = await app.login('strong.teacher', 'long-enough-1');
    const change = await app.gql(CHANGE, { c: 'long-enough-1', n: 'abc12345' }, token);
    expect(change.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', rule: 'WEAK_PASSWORD' });
    expect(change.errors?.[0].message).toMatch(/^新密码太容易被猜到/);
    // Nothing was changed by the refusals: the first password still logs in.
    expect(await app.login('strong.teacher', 'long-enough-1')).toEqual(expect.any(String));
  });
});

describe('login tokens', () => {
  it('die when their user changes the password', async () => {
    await newTeacher('change.teacher', 'long-enough-1');
    const before = await app.login('change.teacher', 'long-enough-1');
    const other = await app.login('change.teacher', 'long-enough-1');
    expect(await meStatus(before)).toEqual(ACCEPTED);
    expect((await app.ok(CHANGE, { c: 'long-enough-1', n: 'another-pass-2' }, before)).changePassword).toBe(true);
    expect(await meStatus(before)).toEqual(REFUSED);
    expect(await meStatus(other)).toEqual(REFUSED);
    const after = await app.login('change.teacher', 'another-pass-2');
    expect(await meStatus(after)).toEqual(ACCEPTED);
  });

  it('die when an admin resets the password, and only that user’s', async () => {
    const id = await newTeacher('reset.teacher', 'long-enough-1');
    const before = await app.login('reset.teacher', 'long-enough-1');
    expect((await admin(RESET, { id, p: 'reset-by-admin-3' })).errors).toBeUndefined();
    expect(await meStatus(before)).toEqual(REFUSED);
    expect(await meStatus(c.users.BUREAU_ADMIN)).toEqual(ACCEPTED);
    expect(await meStatus(await app.login('reset.teacher', 'reset-by-admin-3'))).toEqual(ACCEPTED);
  });

  it('die when the user is disabled, and stay dead when the user is enabled again', async () => {
    const id = await newTeacher('disabled.teacher', 'long-enough-1');
    const before = await app.login('disabled.teacher', 'long-enough-1');
    let { version } = (await admin('query ($id: ID!) { User(id: $id) { version } }', { id })).data.User;
    ({ version } = (await admin(SET_ACTIVE, { id, v: version, a: false })).data.updateUser);
    expect(await meStatus(before)).toEqual(REFUSED);
    expect((await admin(SET_ACTIVE, { id, v: version, a: true })).errors).toBeUndefined();
    expect(await meStatus(before)).toEqual(REFUSED);
    expect(await meStatus(await app.login('disabled.teacher', 'long-enough-1'))).toEqual(ACCEPTED);

    // The admin's bulk action and a change made in SQL revoke alike (the database raises the version).
    const bulk = await app.login('disabled.teacher', 'long-enough-1');
    expect((await admin('mutation ($ids: [ID!]!) { updateUsers(ids: $ids, data: { active: false }) }', { ids: [id] })).errors).toBeUndefined();
    await app.sql('update "user" set active = true where id = ?', [id]);
    expect(await meStatus(bulk)).toEqual(REFUSED);
    const bySql = await app.login('disabled.teacher', 'long-enough-1');
    await app.sql('update "user" set password_hash = password_hash || \'\' , display_name = ? where id = ?', ['不变', id]);
    expect(await meStatus(bySql)).toEqual(ACCEPTED); // the same hash is no change
    await app.sql("update \"user\" set password_hash = 'scrypt$x' where id = ?", [id]);
    expect(await meStatus(bySql)).toEqual(REFUSED);
  });

  it('are refused without exp, with a malformed subject or without the token version (401, never 500)', async () => {
    const id = await newTeacher('forged.teacher', 'long-enough-1');
    const [{ token_version: tv }] = await app.sql('select token_version from "user" where id = ?', [id]);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const base = { iss: 'jiafang', sub: id, tv, iat: Math.floor(Date.now() / 1000) };
    // The same claims with exp are accepted: the key and the shape are right.
    expect(await meStatus(handSigned({ ...base, exp }))).toEqual(ACCEPTED);
    expect(await meStatus(handSigned(base))).toEqual(REFUSED);
    expect(await meStatus(handSigned({ ...base, exp, tv: undefined }))).toEqual(REFUSED);
    for (const sub of ['not-a-uuid', '', "1' or '1'='1", 42, randomUUID()]) {
      expect([sub, await meStatus(handSigned({ ...base, exp, sub }))]).toEqual([sub, REFUSED]);
    }
    // Downloads beside the API refuse them too.
    const res = await fetch(`${app.url}/export/Student.csv`, { headers: { authorization: `Bearer ${handSigned({ ...base, exp, sub: 'not-a-uuid' })}` } });
    expect(res.status).toBe(401);
  });
});

describe('integration API tokens', () => {
  it('are themselves, not their creator: me.id is the token, and the creator’s files stay the creator’s', async () => {
    const adminId = (await app.ok('{ me { id } }', {}, c.users.BUREAU_ADMIN)).me.id;
    const created = (await admin('mutation { createApiToken(name: "数据看板") { token apiToken { id } } }')).data.createApiToken;
    const me = (await app.ok('{ me { id role username } }', {}, created.token)).me;
    expect(me).toMatchObject({ id: created.apiToken.id, role: 'INTEGRATION' });
    expect(me.id).not.toBe(adminId);
    // The creator is still recorded as who made the token, in the record and in the audit trail.
    const [row] = await app.sql('select created_by_id from api_token where id = ?', [created.apiToken.id]);
    expect(row.created_by_id).toBe(adminId);
    const events = await app.sql("select actor_id from audit_event where resource = 'ApiToken' and record_id = ?", [created.apiToken.id]);
    expect(events).toEqual([{ actor_id: adminId }]);

    // An import error report (rows of children's data) belongs to the admin who ran the import.
    const reportId = randomUUID();
    await app.sql(
      "insert into import_report (id, bureau_id, created_by, created_at, resource, file_name, rows, content) values (?, ?, ?, now(), 'Student', 'report.xlsx', 1, ?)",
      [reportId, c.bureauId, adminId, Buffer.from('PK')],
    );
    const get = (token: string) => fetch(`${app.url}/import/reports/${reportId}.xlsx`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await get(c.users.BUREAU_ADMIN)).toBe(200);
    expect(await get(created.token)).toBe(404);

    // A token has no password to change.
    const change = await app.gql(CHANGE, { c: 'x', n: 'long-enough-1' }, created.token);
    expect(change.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
