import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';

let app: TestApp;
let username: string;

beforeAll(async () => {
  app = await startTestApp();
  ({ username } = await createBureau(app.orm));
});
afterAll(() => app.close());

describe('authentication', () => {
  it('refuses every query but login and introspection without a token', async () => {
    const res = await app.gql('{ allStudents { id } }');
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeUndefined();
  });

  it('keeps introspection open so the admin can read the schema before login', async () => {
    const data = await app.ok('{ __schema { queryType { name } } __type(name: "Student") { description } }');
    expect(data.__schema.queryType.name).toBe('Query');
    expect(data.__type.description).toBe('学生');
  });

  it('logs in with the right password and answers me', async () => {
    const data = await app.ok(
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id username role } } }',
      { u: username, p: FIXTURE_PASSWORD },
    );
    expect(data.login.user).toMatchObject({ username, role: 'BUREAU_ADMIN' });
    const me = await app.ok('{ me { username role scope bureauId } }', {}, data.login.token);
    expect(me.me).toMatchObject({ username, role: 'BUREAU_ADMIN', scope: 'BUREAU' });
  });

  it('refuses a wrong password, a forged token and a disabled user', async () => {
    const wrong = await app.gql('mutation { login(username: "' + username + '", password: "nope-nope") { token } }');
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const forged = await app.gql('{ me { id } }', {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const token = await app.login(username, FIXTURE_PASSWORD);
    await app.sql('update "user" set active = false where username = ?', [username]);
    const after = await app.gql('{ me { id } }', {}, token);
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await app.sql('update "user" set active = true where username = ?', [username]);
  });
});
