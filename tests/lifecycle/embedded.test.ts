import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  canConnect, cleanUp, ensureBuilt, freePort, get, login, otherLocalAddress, post, postmasterPid, postmastersOf,
  expectDrainedUnderLoad, signalUnderLoad, sleep, SHUTDOWN_TIMEOUT_SECONDS, startApp, tempRoot, type Answer, type AppProcess,
} from './harness';

// The server with its embedded PostgreSQL, as `pnpm start` runs it: one data folder shared by
// the tests below, in order (first start, database killed, SIGTERM, kill -9, HOST, refusals).

jest.setTimeout(120_000);

const root = tempRoot('jiafang-lifecycle-');
const dataDir = path.join(root, 'data');
const pgDir = path.join(dataDir, 'pg');
const apps: AppProcess[] = [];
const env = { JIAFANG_DATA_DIR: dataDir, DEMO_STUDENTS: '2000', SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS) };

async function start(extra: Record<string, string> = {}, options?: { waitUntilUp?: boolean }) {
  const app = await startApp({ ...env, ...extra }, options);
  apps.push(app);
  return app;
}

let app: AppProcess;

beforeAll(async () => {
  await ensureBuilt();
});

afterAll(async () => {
  await cleanUp(apps, [pgDir, path.join(root, 'damaged', 'pg')]);
  fs.rmSync(root, { recursive: true, force: true });
});

it('starts on 127.0.0.1 only when HOST is not set, and says so', async () => {
  const started = Date.now();
  app = await start();
  console.log(`first start (initdb, migrations, 200-student demo county): ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(app.url).toBe(`http://127.0.0.1:${app.port}`);
  expect(app.output()).toContain(`listening on 127.0.0.1 port ${app.port} only`);
  expect(app.output()).not.toContain('undefined');
  expect(await canConnect('127.0.0.1', app.port)).toBe(true);
  const other = otherLocalAddress();
  if (other) expect(await canConnect(other, app.port)).toBe(false);
  expect((await get(`${app.url}/healthz`)).status).toBe(200);
  expect(await get(`${app.url}/readyz`)).toEqual({ status: 200, body: { ready: true } });
});

it('restarts a killed embedded PostgreSQL by itself, answering 503 meanwhile and losing no acknowledged write', async () => {
  const token = await login(app.url);
  // A writer creating regions one after the other, before, during and after the kill.
  const acknowledged: string[] = [];
  const writerAnswers: number[] = [];
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const code = String(900_000_000_000 + i);
      const a = await post(app.url, 'mutation ($c: String!) { createRegion(code: $c, level: VILLAGE, name: $c) { id } }', { c: code }, token).catch(() => undefined);
      writerAnswers.push(a?.status ?? 0);
      if (a?.status === 200 && a.body.data?.createRegion?.id) acknowledged.push(a.body.data.createRegion.id);
      else if (a?.status !== 503) {
        // With the server's own account of it (its warnings and errors, not the request lines).
        const said = app.output().split('\n').filter((l) => /graphql error|failed:|"level":(40|50)/.test(l) && !l.includes('"msg":"request')).slice(-8);
        throw new Error(`createRegion answered ${a?.status}: ${JSON.stringify(a?.body)}\nserver log:\n${said.join('\n')}`);
      }
    }
  })();
  while (acknowledged.length < 20) await sleep(20);
  const beforeKill = acknowledged.length;

  const pid = postmasterPid(pgDir);
  process.kill(pid, 'SIGKILL');
  const killedAt = Date.now();
  const seen: Answer[] = [];
  const readyz: number[] = [];
  const healthz: number[] = [];
  let backAt = 0;
  while (Date.now() - killedAt < 20_000) {
    const [q, r, h] = await Promise.all([
      post(app.url, '{ _allStudentsMeta { count } }', undefined, token),
      get(`${app.url}/readyz`),
      get(`${app.url}/healthz`),
    ]);
    seen.push(q);
    readyz.push(r.status);
    healthz.push(h.status);
    if (q.status === 200 && r.status === 200 && seen.some((s) => s.status === 503)) {
      backAt = Date.now();
      break;
    }
    await sleep(50);
  }
  writing = false;
  await writer;
  const seconds = (backAt - killedAt) / 1000;
  const supervisor = /embedded PostgreSQL is back \(pid \d+\) after ([\d.]+ s, \d+ attempt)/.exec(app.output())?.[1];
  console.log(
    `embedded PostgreSQL killed: restarted after ${supervisor}(s); answers ${summary(seen.map((s) => s.status))}, ` +
      `back (readyz 200 and queries answered) after ${seconds.toFixed(1)} s; writer: ${summary(writerAnswers)}`,
  );

  expect(backAt).toBeGreaterThan(0);
  expect(seconds).toBeLessThan(15);
  const unavailable = seen.filter((s) => s.status === 503);
  expect(unavailable.length).toBeGreaterThan(0);
  for (const s of unavailable) {
    expect(s.retryAfter).toMatch(/^\d+$/);
    expect(s.body.errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });
  }
  // Never a 500: every failure while the database was down is the retryable 503.
  expect(seen.every((s) => s.status === 200 || s.status === 503)).toBe(true);
  expect(readyz).toContain(503);
  expect(healthz.every((s) => s === 200)).toBe(true);
  expect(app.output()).toMatch(/embedded PostgreSQL \(pid \d+\) was killed by SIGKILL: restarting it/);
  expect(app.output()).toMatch(/embedded PostgreSQL is back/);

  // Every write the API acknowledged, before and around the kill, is there.
  expect(acknowledged.length).toBeGreaterThan(beforeKill);
  const found = await post(app.url, 'query ($ids: [ID!]) { _allRegionsMeta(filter: { ids: $ids }) { count } }', { ids: acknowledged }, token);
  expect(found.body.data._allRegionsMeta.count).toBe(acknowledged.length);
});

it('SIGTERM under load: 40 requests in flight all finish, then the process and PostgreSQL end', async () => {
  const token = await login(app.url);
  // A second signal is noted and does not cut the drain short.
  await expectDrainedUnderLoad(app, token, 'embedded', ['SIGINT']);
  expect(postmastersOf(pgDir)).toEqual([]);
  expect(app.output()).toMatch(/SIGTERM: stopping/);
  expect(app.output()).toMatch(/SIGINT again: still stopping/);
  expect(app.output()).toMatch(/embedded PostgreSQL stopped/);
});

it('after kill -9 of the server, the next start finds the PostgreSQL it left running, stops it and comes up', async () => {
  const crashed = await start();
  const orphan = postmasterPid(pgDir);
  crashed.signal('SIGKILL');
  await crashed.exited;
  await sleep(200);
  // PostgreSQL survives its parent: that is the leftover the next start must deal with.
  expect(postmastersOf(pgDir)).toEqual([orphan]);

  const started = Date.now();
  app = await start();
  const seconds = (Date.now() - started) / 1000;
  console.log(`start after kill -9 (leftover postmaster stopped): up in ${seconds.toFixed(1)} s`);
  expect(app.output()).toContain(`still running (pid ${orphan}`);
  expect(app.output()).toMatch(new RegExp(`stopped the leftover PostgreSQL \\(pid ${orphan}\\)`));
  expect(postmastersOf(pgDir)).toEqual([postmasterPid(pgDir)]);
  expect(postmasterPid(pgDir)).not.toBe(orphan);
  await login(app.url);
  expect((await get(`${app.url}/readyz`)).status).toBe(200);
});

it('Ctrl-C in a terminal drains too (PostgreSQL, in its own process group, is not hit by it)', async () => {
  const token = await login(app.url);
  const { answers, before, signalledAt } = await signalUnderLoad(app, token, 40, 'SIGINT', [], true);
  const exit = await app.exited;
  console.log(`Ctrl-C (SIGINT to the process group): ${answers.filter((a) => a.status === 200).length}/40 answered 200; exit code ${exit.code} after ${((exit.at - signalledAt) / 1000).toFixed(1)} s`);
  expect(before.sent).toBe(40);
  expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
  expect(exit.code).toBe(0);
  expect(postmastersOf(pgDir)).toEqual([]);
});

it('a stale postmaster.pid (its process gone) does not stop the next start', async () => {
  // What a power cut leaves: a pid file naming a process that no longer exists.
  const pidFile = path.join(pgDir, 'postmaster.pid');
  fs.writeFileSync(pidFile, `999999\n${pgDir}\n0\n5432\n/tmp\nlocalhost\n0 0\nready\n`);
  app = await start();
  expect(app.output()).toMatch(/removed a stale .*postmaster\.pid/);
  await login(app.url);
});

it('with HOST=0.0.0.0 it listens on every interface and says so; a third signal exits at once', async () => {
  app.signal('SIGTERM');
  expect((await app.exited).code).toBe(0);
  app = await start({ HOST: '0.0.0.0' });
  expect(app.output()).toContain(`listening on all network interfaces (0.0.0.0 port ${app.port})`);
  const other = otherLocalAddress();
  if (other) expect(await canConnect(other, app.port)).toBe(true);

  // A third signal ends the process at once; PostgreSQL is asked to stop on the way out.
  const token = await login(app.url);
  const { signalledAt } = await signalUnderLoad(app, token, 40, 'SIGTERM', ['SIGTERM', 'SIGTERM']);
  const exit = await app.exited;
  console.log(`three signals: exit code ${exit.code} after ${((exit.at - signalledAt) / 1000).toFixed(1)} s`);
  expect(exit.code).toBe(1);
  expect(app.output()).toMatch(/SIGTERM a third time: exiting now/);
  const deadline = Date.now() + 10_000;
  while (postmastersOf(pgDir).length && Date.now() < deadline) await sleep(100);
  expect(postmastersOf(pgDir)).toEqual([]);
});

it('a taken port or a damaged data folder ends the start with a plain message, leaving nothing running', async () => {
  const port = await freePort();
  const blocker = net.createServer().listen(port, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  try {
    const taken = await start({ PORT: String(port) }, { waitUntilUp: false });
    const exit = await taken.exited;
    expect(exit.code).toBe(1);
    expect(taken.output()).toContain(`Port ${port} is already in use on 127.0.0.1`);
    expect(taken.output()).toContain('PORT=<another port>');
    expect(taken.output()).not.toMatch(/^undefined$/m);
    expect(postmastersOf(pgDir)).toEqual([]);
  } finally {
    blocker.close();
  }

  const damagedPg = path.join(root, 'damaged', 'pg');
  fs.mkdirSync(damagedPg, { recursive: true });
  fs.writeFileSync(path.join(damagedPg, 'PG_VERSION'), '18\n');
  if (process.getuid?.() === 0) fs.chownSync(damagedPg, Number(fs.statSync(pgDir).uid), Number(fs.statSync(pgDir).gid));
  fs.chmodSync(damagedPg, 0o700);
  const damaged = await start({ JIAFANG_DATA_DIR: path.dirname(damagedPg) }, { waitUntilUp: false });
  expect((await damaged.exited).code).toBe(1);
  expect(damaged.output()).toContain(`The embedded database in ${damagedPg} is damaged`);
  expect(damaged.output()).toContain('delete');
  expect(damaged.output()).not.toMatch(/^undefined$/m);
});

function summary(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n}×${s}`).join(', ');
}
