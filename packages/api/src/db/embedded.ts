import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { clearLeftoverPostmaster } from './orphan';
import { initialiseCluster, Postmaster } from './postmaster';
import { PostmasterSupervisor, type SupervisedState } from './supervisor';

export interface EmbeddedDatabase {
  url: string;
  /** The data directory actually used (see reachableDataDir). */
  dataDir: string;
  /** The postmaster's PID while it runs. */
  pid(): number | undefined;
  /** `running`, or `restarting` while the supervisor brings it back. */
  state(): SupervisedState;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Restart the postmaster when it dies (the server does; scripts and tests need not). */
  supervise?: boolean;
  /**
   * Run the postmaster in its own process group, so a terminal's Ctrl-C reaches only our
   * process, which drains and then stops PostgreSQL. Only for a caller that handles SIGINT;
   * otherwise Ctrl-C reaching PostgreSQL too is what stops it.
   */
  detached?: boolean;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL run as root executes as the `postgres` OS user, which must be able to reach the
 * data directory: when a parent folder is closed to others, keep the data in the temp folder.
 */
function reachableDataDir(wanted: string, log: (m: string) => void): string {
  if (process.getuid?.() !== 0) return wanted;
  for (let dir = path.dirname(path.resolve(wanted)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) {
      const fallback = path.join(os.tmpdir(), `jiafang-pg-${createHash('sha1').update(wanted).digest('hex').slice(0, 10)}`);
      log(`${dir} is closed to the postgres user; keeping the database in ${fallback}`);
      return fallback;
    }
  }
  return wanted;
}

/**
 * Starts (initialising on first use) a PostgreSQL server kept in `dataDir`, after stopping
 * what an earlier run left running there. Its output goes to `<dataDir>/server.log`.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  database: string,
  log: (m: string) => void = console.log,
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const dir = reachableDataDir(dataDir, log);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new Error(`${dir} is neither empty nor a PostgreSQL data directory (no PG_VERSION). Move it away or delete it, then start again.`);
    }
    await initialiseCluster(dir, database, log);
  }
  await clearLeftoverPostmaster(dir, log);

  const logFile = path.join(dir, 'server.log');
  rotate(logFile);
  const port = await freePort();
  const start = () => Postmaster.start({ dataDir: dir, port, logFile, detached: options.detached ?? false });
  const first = await start();
  const supervisor = options.supervise ? new PostmasterSupervisor(first, start, log) : undefined;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    dataDir: dir,
    pid: () => (supervisor ? supervisor.status.pid : first.running ? first.pid : undefined),
    state: () => (supervisor ? supervisor.status.state : first.running ? 'running' : 'stopped'),
    stop: () => (supervisor ? supervisor.stop() : first.stop()),
  };
}

/** Keeps one previous log beside the current one once it passes 10 MB. */
function rotate(logFile: string): void {
  try {
    if (fs.statSync(logFile).size > 10 * 1024 * 1024) fs.renameSync(logFile, `${logFile}.1`);
  } catch {
    // no log yet
  }
}
