import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { postmastersOf, stopPostmaster } from '../../packages/api/src/db/orphan';

// The lifecycle tests run the real built server (packages/api/dist/main.js) as a child
// process and send it real signals; nothing is mocked.

export const ROOT = path.resolve(__dirname, '../..');
const API = path.join(ROOT, 'packages/api');
const MAIN = path.join(API, 'dist/main.js');
const STAMP = path.join(API, 'dist/.lifecycle-built');
const LOCK = path.join(os.tmpdir(), `jiafang-api-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!fs.existsSync(MAIN) || !fs.existsSync(STAMP)) return true;
  return newestSource(path.join(API, 'src')) > fs.statSync(STAMP).mtimeMs;
}

/**
 * Builds the API when dist is missing or older than src (`pnpm test` does not build first).
 * A lock directory keeps parallel jest workers from building at the same time.
 */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      // Another worker builds; a lock older than 3 minutes is from a run that died.
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited 3 minutes for the build lock ${LOCK}`);
      await sleep(250);
    }
  }
  try {
    if (!isStale()) return;
    const started = Date.now();
    console.log('packages/api/dist is older than its sources: building it …');
    await new Promise<void>((resolve, reject) => {
      execFile('pnpm', ['--filter', '@jiafang/api', 'build'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
        err ? reject(new Error(`building the API failed:\n${stdout}\n${stderr}`)) : resolve(),
      );
    });
    fs.writeFileSync(STAMP, new Date(started).toISOString());
    // The stamp says "built from sources as of the start of the build".
    fs.utimesSync(STAMP, new Date(started), new Date(started));
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** A temporary folder the `postgres` OS user can pass through (mkdtemp makes 0700 ones). */
export function tempRoot(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process ended. */
  at: number;
}

export interface AppProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** http://host:port of the GraphQL server, from the start banner. */
  url: string;
  output(): string;
  /** Resolves when a line matching `pattern` appears (rejects if the process ends first). */
  waitForOutput(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<Exit>;
  /** Sends `sig` to the process; returns when (Date.now()). */
  signal(sig: NodeJS.Signals): number;
  /** Sends `sig` to its whole process group, as a terminal's Ctrl-C does. */
  signalGroup(sig: NodeJS.Signals): number;
}

/**
 * Starts main.js with `env` on top of a clean environment (no DATABASE_URL, HOST or NODE_ENV
 * from the test run: jest sets NODE_ENV=test, under which Apollo behaves differently).
 * With `waitUntilUp`, resolves once the start banner is printed.
 */
export async function startApp(env: Record<string, string>, options: { waitUntilUp?: boolean; timeoutMs?: number } = {}): Promise<AppProcess> {
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'HOST', 'NODE_ENV', 'JWT_SECRET', 'SEED_DEMO', 'DEMO_STUDENTS', 'PORT', 'SHUTDOWN_TIMEOUT_SECONDS', 'JIAFANG_DATA_DIR', 'DEBUG']) delete base[k];
  const port = env.PORT ? Number(env.PORT) : await freePort();
  // A process group of its own, as a terminal gives `pnpm start`: signalGroup() is Ctrl-C.
  // These tests send hundreds of requests a minute as one user (a writer while the database is
  // killed, 40 heavy reads at a signal): the per-user rate limit is not what they test.
  const unlimited = { RATE_LIMIT_GRAPHQL_PER_MINUTE: '1000000000', RATE_LIMIT_DOWNLOADS_PER_MINUTE: '1000000000' };
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: { ...base, ...unlimited, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    text += d.toString();
    if (process.env.LIFECYCLE_LOG) process.stderr.write(`[main ${child.pid}] ${d}`);
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  let ended = false;
  void exited.then(() => {
    ended = true;
    listeners.forEach((l) => l());
  });

  const waitForOutput = (pattern: RegExp, ms = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no output matching ${pattern} within ${ms / 1000} s; output:\n${text}`)), ms);
      const check = () => {
        const m = pattern.exec(text);
        if (m) return done(undefined, m);
        if (ended) done(new Error(`main.js ended before printing ${pattern}; output:\n${text}`));
      };
      const done = (err?: Error, m?: RegExpMatchArray) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (err) reject(err);
        else resolve(m!);
      };
      listeners.add(check);
      check();
    });

  const app: AppProcess = {
    child,
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => text,
    waitForOutput,
    exited,
    signal: (sig) => {
      child.kill(sig);
      return Date.now();
    },
    signalGroup: (sig) => {
      process.kill(-child.pid!, sig);
      return Date.now();
    },
  };
  if (options.waitUntilUp !== false) {
    const m = await waitForOutput(/GraphQL: (http:\/\/\S+)\/graphql/, options.timeoutMs ?? 90_000);
    app.url = m[1];
  }
  return app;
}

/** Ends whatever a test left running: the node process, then any postmaster of `dataDir`. */
export async function cleanUp(apps: AppProcess[], dataDirs: string[]): Promise<void> {
  for (const app of apps) {
    if (app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGKILL');
      await app.exited;
    }
  }
  for (const dir of dataDirs) for (const pid of postmastersOf(dir)) await stopPostmaster(pid, 5_000);
}

export interface Answer {
  status: number;
  retryAfter: string | null;
  body: any;
}

export async function post(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}

export async function get(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json().catch(() => null) };
}

export async function login(url: string, username = 'admin', password = 'jiafang-demo'): Promise<string> {
  const res = await post(url, 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password });
  if (res.status !== 200 || !res.body?.data?.login?.token) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.login.token;
}

/** A real list query (students with school and guardians) that keeps the server busy. */
export const HEAVY_QUERY = '{ allStudents(perPage: 1000) { id name birthDate idNumber school { name } guardians { relation name phone } } }';

/**
 * One POST on a connection of its own, written at once (fetch would queue requests behind its
 * pooled connections, so they would not all reach the server together).
 */
export function postAlone(url: string, query: string, token: string, onSent?: () => void): Promise<Answer> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ query });
    const req = http.request(`${url}/graphql`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, connection: 'close' },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let parsed: any = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // kept as text
        }
        resolve({ status: res.statusCode ?? 0, retryAfter: (res.headers['retry-after'] as string) ?? null, body: parsed });
      });
      res.on('error', (err) => resolve({ status: 0, retryAfter: null, body: err.message }));
    });
    req.on('error', (err) => resolve({ status: 0, retryAfter: null, body: err.message }));
    req.once('finish', () => onSent?.());
    req.end(body);
  });
}

/**
 * Sends `n` heavy queries at once, each on its own connection, then `sig` while they run;
 * resolves with every answer, how many had been fully sent and how many answered before the
 * signal, when it was sent, and how many requests the server said it had in flight.
 */
export async function signalUnderLoad(app: AppProcess, token: string, n: number, sig: NodeJS.Signals, then: NodeJS.Signals[] = [], group = false) {
  let answered = 0;
  let sent = 0;
  const requests = Array.from({ length: n }, () =>
    postAlone(app.url, HEAVY_QUERY, token, () => sent++).then((a) => {
      answered++;
      return a;
    }),
  );
  // Long enough for every request to be sent, far shorter than n of them take.
  await sleep(300);
  const before = { sent, answered };
  const signalledAt = group ? app.signalGroup(sig) : app.signal(sig);
  // Further signals while it stops (an impatient operator), 100 ms apart.
  for (const next of then) {
    await sleep(100);
    app.signal(next);
  }
  const answers = await Promise.all(requests);
  // Those the server had read; the others were still in its accept queue.
  const serverInFlight = Number(new RegExp(`${sig}: stopping: no new requests; (\\d+) in flight`).exec(app.output())?.[1]);
  return { answers, before, signalledAt, serverInFlight };
}

/** The postmaster's PID from its pid file, as an operator would find it. */
/** The drain time the lifecycle tests start the server with. */
export const SHUTDOWN_TIMEOUT_SECONDS = 10;

/**
 * SIGTERM (then `then`) with 40 heavy requests in flight: every one answered 200 with data, and
 * the process gone with exit code 0 within the drain time plus 2 s. Prints the figures.
 */
export async function expectDrainedUnderLoad(app: AppProcess, token: string, label: string, then: NodeJS.Signals[] = []): Promise<void> {
  const { answers, before, signalledAt, serverInFlight } = await signalUnderLoad(app, token, 40, 'SIGTERM', then);
  const exit = await app.exited;
  const seconds = (exit.at - signalledAt) / 1000;
  const ok = answers.filter((a) => a.status === 200 && a.body.data?.allStudents?.length > 0).length;
  console.log(
    `SIGTERM (${label}): ${before.sent} requests sent, ${before.answered} answered before it (the server had read ${serverInFlight}, the rest were in its accept queue); ` +
      `${ok}/40 answered 200 with data; exit code ${exit.code} after ${seconds.toFixed(1)} s`,
  );
  const failures = answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${String(a.body).slice(0, 80)}`);
  if (failures.length) console.log(`failures: ${failures.join(' | ')}`);
  // Every request had reached the server's machine and most were unanswered when the signal came.
  expect(before.sent).toBe(40);
  expect(before.answered).toBeLessThan(20);
  expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
  expect(ok).toBe(40);
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(seconds).toBeLessThan(SHUTDOWN_TIMEOUT_SECONDS + 2);
}

export function postmasterPid(pgDir: string): number {
  return Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** An IPv4 address of this machine other than loopback, if it has one. */
export function otherLocalAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** Whether a TCP connection to host:port is accepted. */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export { postmastersOf };

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node packages/api/dist/cli.js ARGS` (what `pnpm jiafang` runs) with these settings added to the environment. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'packages/api/dist/cli.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
