// The two servers, each its own process on a free port: Jiafang as it is deployed
// (`node packages/api/dist/main.js`) and PostGraphile 5, both on the Node 24 binary of the `node`
// npm package: the same runtime for both (PostGraphile 5 needs Node 22 or later). With
// BENCH_JIAFANG_NODE=system Jiafang runs on the Node that runs this script instead.
// Both get NODE_ENV=production and a pool of 10 connections (Jiafang's default DB_POOL_MAX, and
// pg's default).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCleanup } from './cleanup.ts';
import { API_DIST, jiafangDist } from './jiafang-dist.ts';
import { tempDir } from './scratch-db.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const JWT_SECRET = 'bench-race-secret-bench-race-secret-0123456789';
/** No per-user limit: one benchmark user sends tens of thousands of requests a minute (http/rate-limit.ts). */
// One process, no limits (counted in memory) and no request lines: PostGraphile keeps neither.
const NO_RATE_LIMITS = { RATE_LIMIT_GRAPHQL_PER_MINUTE: '1000000000', RATE_LIMIT_DOWNLOADS_PER_MINUTE: '1000000000', RATE_LIMIT_STORE: 'memory', LOG_LEVEL: 'warn' };

export interface ServerProcess {
  name: string;
  /** The GraphQL endpoint. */
  url: string;
  pid: number;
  /** `node --version` of the binary running it. */
  node: string;
  alive(): boolean;
  stop(): Promise<void>;
}

/** The Node 24 binary that the `node` npm package's preinstall put into node_modules. */
export function node24(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('node/package.json')), 'bin/node');
}

export const nodeVersion = (binary: string) => execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();

/** Drops settings of the shell that would change what is measured (a second database, SQL logging). */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DEBUG_SQL|DATABASE_URL|PORT|HOST|NODE_OPTIONS|DB_POOL_MAX|LOG_LEVEL|REDIS_URL|GRAPHQL_MAX_.*|RATE_LIMIT_.*|SEED_DEMO|DEMO_STUDENTS|JWT_.*)$/.test(key)) delete env[key];
  }
  return env;
}

async function launch(
  name: string,
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  isReady: (base: string) => Promise<boolean>,
  port: number,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => void (output = (output + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: string | undefined;
  let stopping = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      if (!stopping && ready) console.error(`\n${name} (pid ${child.pid}) ${exited} while the race ran; its last output:\n${output.trim().split('\n').slice(-40).join('\n')}\n`);
      resolve();
    }),
  );
  let ready = false;
  const stop = onCleanup(`stop ${name} (pid ${child.pid})`, async () => {
    stopping = true;
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`${name} ${exited} before it was ready:\n${output.trim()}`);
    if (await isReady(base).catch(() => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready after 180 s:\n${output.trim()}`);
    }
    await sleep(200);
  }
  ready = true;
  return { name, url: `${base}/graphql`, pid: child.pid!, node: nodeVersion(binary), alive: () => !exited, stop };
}

export async function startJiafang(databaseUrl: string, name = 'Jiafang'): Promise<ServerProcess> {
  const port = await jiafangDist().freePort();
  const env = {
    ...baseEnv(),
    ...NO_RATE_LIMITS,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET,
    SEED_DEMO: 'never',
    JIAFANG_DATA_DIR: tempDir('jiafang-race-data-'),
  };
  // BENCH_JIAFANG_NODE=system: Jiafang on the Node that runs pnpm, to see what the Node version accounts for.
  const binary = process.env.BENCH_JIAFANG_NODE === 'system' ? process.execPath : node24();
  return launch(name, binary, [path.join(API_DIST, 'main.js')], env, async (base) => (await fetch(`${base}/readyz`)).ok, port);
}

export async function startPostGraphile(databaseUrl: string, name = 'PostGraphile'): Promise<ServerProcess> {
  const port = await jiafangDist().freePort();
  const env = { ...baseEnv(), NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port) };
  const ready = async (base: string) => {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    return res.ok;
  };
  return launch(name, node24(), ['--no-warnings', path.join(HERE, 'postgraphile-server.ts')], env, ready, port);
}
