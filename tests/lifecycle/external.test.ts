import net from 'node:net';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { cleanUp, ensureBuilt, expectDrainedUnderLoad, get, login, post, SHUTDOWN_TIMEOUT_SECONDS, sleep, startApp, type Answer, type AppProcess } from './harness';

// The server on DATABASE_URL (a fresh database of the test server): the stop under load, and
// the database going away and coming back, through a TCP proxy this test opens and closes.

jest.setTimeout(120_000);

let db: TestDatabase;
const apps: AppProcess[] = [];

/** Forwards 127.0.0.1:<port> to the real PostgreSQL; close() is the database becoming unreachable. */
class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts every connection, as a database host going down does. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise((r) => server.close(r));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

let proxy: TcpProxy;

beforeAll(async () => {
  await ensureBuilt();
  db = await createTestDatabase();
  const url = new URL(db.url);
  proxy = new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.open();
});

afterAll(async () => {
  await cleanUp(apps, []);
  await proxy?.close();
  await db?.drop();
});

function viaProxy(): string {
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

async function start(extra: Record<string, string>) {
  const app = await startApp({ SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS), ...extra });
  apps.push(app);
  return app;
}

it('SIGTERM under load: 40 requests in flight all finish and the process exits within the drain time', async () => {
  const app = await start({ DATABASE_URL: db.url, SEED_DEMO: 'always', DEMO_STUDENTS: '2000' });
  const token = await login(app.url);
  await expectDrainedUnderLoad(app, token, 'DATABASE_URL');
});

it('answers 503 while the database is unreachable and reconnects by itself when it returns', async () => {
  const app = await start({ DATABASE_URL: viaProxy() });
  const token = await login(app.url);
  expect((await get(`${app.url}/readyz`)).status).toBe(200);

  await proxy.close();
  const query = await post(app.url, '{ _allStudentsMeta { count } }', undefined, token);
  expect(query.status).toBe(503);
  expect(query.retryAfter).toMatch(/^\d+$/);
  expect(query.body.errors[0]).toMatchObject({ message: '数据库暂时无法连接，请稍后重试', extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
  // The context loads the viewer before any resolver: a failure there is the same 503.
  const loginDown = await post(app.url, 'mutation { login(username: "admin", password: "jiafang-demo") { token } }');
  expect(loginDown.status).toBe(503);
  expect(loginDown.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
  // Downloads beside the API answer alike.
  const download = await fetch(`${app.url}/export/Student.csv`, { headers: { authorization: `Bearer ${token}` } });
  expect(download.status).toBe(503);
  expect(download.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(await download.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
  expect((await get(`${app.url}/healthz`)).status).toBe(200);
  await sleep(1_100); // past the readiness cache
  const readyz = await get(`${app.url}/readyz`);
  expect(readyz.status).toBe(503);
  expect(readyz.body.reason).toMatch(/database unreachable/);

  await proxy.open();
  const reopened = Date.now();
  let last: Answer | undefined;
  let answeredAt = 0;
  let readyAt = 0;
  while (Date.now() - reopened < 15_000 && !readyAt) {
    last = await post(app.url, '{ _allStudentsMeta { count } }', undefined, token);
    expect([200, 503]).toContain(last.status);
    if (last.status === 200) answeredAt ||= Date.now();
    if (answeredAt && (await get(`${app.url}/readyz`)).status === 200) readyAt = Date.now();
    else await sleep(50);
  }
  console.log(`external database back: first query answered after ${((answeredAt - reopened) / 1000).toFixed(2)} s, readyz 200 after ${((readyAt - reopened) / 1000).toFixed(2)} s (its answer is cached 1 s)`);
  expect(readyAt).toBeGreaterThan(0);
  expect(last!.body.data._allStudentsMeta.count).toBeGreaterThan(0);

  // Ctrl-C while the database is down again still ends at once.
  await proxy.close();
  expect((await post(app.url, '{ _allStudentsMeta { count } }', undefined, token)).status).toBe(503);
  const signalledAt = app.signal('SIGINT');
  const exit = await app.exited;
  console.log(`SIGINT with the database down: exit code ${exit.code} after ${((exit.at - signalledAt) / 1000).toFixed(1)} s`);
  expect(exit.code).toBe(0);
  expect(exit.at - signalledAt).toBeLessThan(3_000);
  await proxy.open();
});

it('a pool of one connection is refused at the start with its reason (the migrations would wait for ever on a second)', async () => {
  const app = await startApp({ DATABASE_URL: db.url, DB_POOL_MAX: '1' }, { waitUntilUp: false });
  apps.push(app);
  const exit = await Promise.race([app.exited, sleep(15_000).then(() => undefined)]);
  expect(exit?.code).toBe(1);
  expect(app.output()).toMatch(/DB_POOL_MAX must be a whole number of at least 2 \(got 1\): the start-up migrations/);
  expect(app.output()).not.toMatch(/\n\s+at /); // a reason, not a stack
});
