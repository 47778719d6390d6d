import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';

// Security headers, CORS from an allow-list and TRUST_PROXY, over the real HTTP server.
let plain: TestApp; // defaults: no CORS_ORIGINS, no TRUST_PROXY
let proxied: TestApp; // CORS_ORIGINS=https://a.example,https://b.example, TRUST_PROXY=loopback, no HSTS
let token: string;
let adminDir: string;

const LISTED = 'https://a.example';
const FOREIGN = 'https://evil.example';
const LOGIN = 'mutation ($u: String!) { login(username: $u, password: "wrong-password-1") { token } }';

beforeAll(async () => {
  // A stand-in for the built admin: static files and the single-page fallback get the headers too.
  adminDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiafang-admin-'));
  fs.mkdirSync(path.join(adminDir, 'assets'));
  fs.writeFileSync(path.join(adminDir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(adminDir, 'assets/app.js'), 'export {};');
  plain = await startTestApp({ adminDir });
  proxied = await startTestApp({ server: { corsOrigins: [LISTED, 'https://b.example'], trustProxy: ['loopback'], hstsMaxAgeSeconds: 0 } });
  const { username } = await createBureau(plain.orm);
  token = await plain.login(username, FIXTURE_PASSWORD);
});
afterAll(async () => {
  await Promise.all([plain?.close(), proxied?.close()]);
  fs.rmSync(adminDir, { recursive: true, force: true });
});

const post = (app: TestApp, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });

const preflight = (app: TestApp, origin: string, url = '/graphql') =>
  fetch(`${app.url}${url}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });

/** The CSP as a map of directive to its sources. */
function csp(res: Response): Record<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
}

function expectSecurityHeaders(res: Response) {
  const policy = csp(res);
  expect(policy['script-src']).toEqual(["'self'"]);
  expect(policy['default-src']).toEqual(["'self'"]);
  expect(policy['frame-ancestors']).toEqual(["'none'"]);
  expect(policy['object-src']).toEqual(["'none'"]);
  expect(policy['connect-src']).toEqual(["'self'"]);
  expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
  expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:']);
  expect(policy['base-uri']).toEqual(["'self'"]);
  expect(policy['form-action']).toEqual(["'self'"]);
  expect(policy['upgrade-insecure-requests']).toBeUndefined();
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('cross-origin-embedder-policy')).toBeNull();
  expect(res.headers.get('x-powered-by')).toBeNull();
}

describe('security headers', () => {
  it('are on the admin page, its assets and its client-side routes', async () => {
    for (const url of ['/', '/assets/app.js', '/Student/create']) {
      const res = await fetch(`${plain.url}${url}`);
      expect(res.status).toBe(200);
      expectSecurityHeaders(res);
    }
    // The built admin's index.html holds no inline script (script-src 'self' would block it).
    const built = path.join(__dirname, '../../packages/admin/dist/index.html');
    if (fs.existsSync(built)) expect(fs.readFileSync(built, 'utf8')).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });

  it('are on /graphql, and GET /graphql serves no landing page from a CDN', async () => {
    const res = await post(plain, '{ __typename }');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const page = await fetch(`${plain.url}/graphql`, { headers: { accept: 'text/html' } });
    expectSecurityHeaders(page);
    const body = await page.text();
    expect(body).not.toMatch(/apollographql\.com|<script/i);
  });

  it('are on downloads and on their refusals', async () => {
    const template = await fetch(`${plain.url}/import/Student/template.xlsx`, { headers: { authorization: `Bearer ${token}` } });
    expect(template.status).toBe(200);
    expect(template.headers.get('content-disposition')).toMatch(/attachment/);
    expectSecurityHeaders(template);
    const missing = await fetch(`${plain.url}/files/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
  });

  it('send HSTS for a year unless HSTS_MAX_AGE_SECONDS=0, without pinning sibling hosts', async () => {
    expect((await fetch(`${plain.url}/healthz`)).headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect((await fetch(`${proxied.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('CORS', () => {
  it('by default answers no cross-origin browser request, while same-origin and non-browser clients work', async () => {
    const pre = await preflight(plain, FOREIGN);
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toBeNull();
    // The admin's own origin is not listed either, and needs no header.
    expect((await preflight(plain, plain.url)).headers.get('access-control-allow-origin')).toBeNull();

    const foreign = await post(plain, '{ __typename }', {}, { origin: FOREIGN });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const same = await post(plain, '{ __typename }', {}, { origin: plain.url });
    expect(same.status).toBe(200);
    expect(((await same.json()) as any).data).toEqual({ __typename: 'Query' });
    const curl = await post(plain, '{ __typename }');
    expect(curl.status).toBe(200);
    expect(curl.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers exactly the listed origins, with Authorization allowed, on /graphql and downloads', async () => {
    const pre = await preflight(proxied, LISTED);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    expect(pre.headers.get('vary')).toMatch(/origin/i);

    const call = await post(proxied, '{ __typename }', {}, { origin: 'https://b.example' });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe('https://b.example');

    const download = await fetch(`${proxied.url}/import/Student/template.xlsx`, { headers: { origin: LISTED } });
    expect(download.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(download.headers.get('access-control-expose-headers')).toContain('Content-Disposition');

    // Not listed: a look-alike, another scheme, another port.
    for (const origin of [FOREIGN, 'http://a.example', 'https://a.example:8443', 'https://a.example.evil.example']) {
      const refused = await preflight(proxied, origin);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect((await post(proxied, '{ __typename }', {}, { origin })).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('TRUST_PROXY', () => {
  /** Failed logins, each for a different unknown username, so only the per-address limit counts. */
  async function failLogins(app: TestApp, n: number, forwardedFor: string, tag: string) {
    for (let i = 0; i < n; i++) {
      const res = await post(app, LOGIN, { u: `nobody-${tag}-${i}` }, { 'x-forwarded-for': forwardedFor });
      expect(((await res.json()) as any).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  }
  const attempt = async (app: TestApp, forwardedFor: string, u: string) => {
    const res = await post(app, LOGIN, { u }, { 'x-forwarded-for': forwardedFor });
    return { status: res.status, extensions: ((await res.json()) as any).errors?.[0].extensions };
  };
  const PER_ADDRESS = Number(process.env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 30);

  it('behind a trusted proxy, throttles logins by the client X-Forwarded-For names', async () => {
    await failLogins(proxied, PER_ADDRESS, '203.0.113.7', 'trusted');
    const blocked = await attempt(proxied, '203.0.113.7', 'nobody-trusted-last');
    expect(blocked.status).toBe(429);
    expect(blocked.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'LOGIN_THROTTLED' });
    // Another client behind the same proxy is not held up.
    expect((await attempt(proxied, '198.51.100.9', 'nobody-other')).extensions?.code).toBe('UNAUTHENTICATED');
    // Only the nearest untrusted hop counts: what the client prepends is not believed.
    expect((await attempt(proxied, '198.51.100.10, 203.0.113.7', 'nobody-spoofed')).status).toBe(429);
  });

  // Last in the file: it throttles the test server's own address for the rest of it.
  it('without TRUST_PROXY, ignores X-Forwarded-For: every client shares the socket address', async () => {
    await failLogins(plain, PER_ADDRESS, '203.0.113.7', 'untrusted');
    const other = await attempt(plain, '198.51.100.9', 'nobody-other');
    expect(other.status).toBe(429);
    expect(other.extensions).toMatchObject({ rule: 'LOGIN_THROTTLED' });
  });
});
