import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

// Looking at processes through /proc (Linux), with `ps` as the fallback elsewhere.


/** What PostgreSQL writes in `postmaster.pid` (pg_ctl reads the same lines). */
export interface PostmasterPidFile {
  pid: number;
  dataDir: string;
  port: number;
  /** `starting`, `ready`, `stopping` … (line 8; empty while the file is being written). */
  status: string;
}

export function readPostmasterPid(dataDir: string): PostmasterPidFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, dataDir: lines[1] ?? '', port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

/** Alive, and not a zombie waiting to be reaped (a zombie still answers signal 0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  return stat ? stat.state !== 'Z' && stat.state !== 'X' : true;
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: read after its last ")".
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]) };
  } catch {
    return undefined;
  }
}

function ps(pid: number, field: 'ppid' | 'args'): string | undefined {
  try {
    return execFileSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The process's arguments (from /proc, else split from `ps`, which loses quoting). */
export function commandLine(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw) return raw.replace(/\0$/, '').split('\0');
  } catch {
    // not Linux, or gone
  }
  return ps(pid, 'args')?.split(/\s+/);
}

export function parentPid(pid: number): number | undefined {
  const ppid = procStat(pid)?.ppid ?? Number(ps(pid, 'ppid'));
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

/** Every process whose parent is `pid` (a postmaster's backends and helpers). */
export function childrenOf(pid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((e) => /^\d+$/.test(e) && procStat(Number(e))?.ppid === pid).map(Number);
}

/** Whether `pid` is a postgres server started with `-D dataDir`. */
export function isPostmasterOf(pid: number, dataDir: string): boolean {
  const args = commandLine(pid);
  if (!args || !/postgres/.test(path.basename(args[0] ?? ''))) return false;
  const at = args.indexOf('-D');
  return at >= 0 && samePath(args[at + 1] ?? '', dataDir);
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/** Postmasters running on `dataDir`, found by their command line (tests use it to check none is left). */
export function postmastersOf(dataDir: string): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    const pid = readPostmasterPid(dataDir)?.pid;
    return pid && isAlive(pid) && isPostmasterOf(pid, dataDir) ? [pid] : [];
  }
  return entries.filter((e) => /^\d+$/.test(e) && isAlive(Number(e)) && isPostmasterOf(Number(e), dataDir)).map(Number);
}

/** Waits until `pid` has ended; false if it still runs after `ms`. */
export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPERM') {
      throw new Error(`Not allowed to stop PostgreSQL (pid ${pid}): it runs as another user. Stop it as that user (kill -INT ${pid}), then start again.`);
    }
    // ESRCH: already gone
  }
}

/**
 * Stops a postmaster that is not our child: SIGINT asks for PostgreSQL's fast shutdown (ends
 * the sessions, writes a checkpoint, exits); if it has not ended after `graceMs`, it and its
 * backends get SIGKILL (the next start then recovers from the write-ahead log, as after a crash).
 */
export async function stopPostmaster(pid: number, graceMs: number): Promise<'stopped' | 'killed'> {
  signal(pid, 'SIGINT');
  if (await waitForExit(pid, graceMs)) return 'stopped';
  const children = childrenOf(pid);
  signal(pid, 'SIGKILL');
  for (const child of children) signal(child, 'SIGKILL');
  await waitForExit(pid, 2_000);
  return 'killed';
}

/** Whether `pid` runs Node (the owner of an embedded postmaster is our own Node process). */
function isNode(pid: number): boolean {
  const exe = path.basename(commandLine(pid)?.[0] ?? '');
  return /^node(js)?(\d+)?$/.test(exe);
}

/**
 * Before starting the embedded PostgreSQL on `dataDir`: deals with what a run that ended
 * without stopping it (kill -9, a crash, a power cut) left behind, and says what it did.
 * - a postmaster of this directory whose parent is gone (re-parented to init or a subreaper)
 *   is stopped;
 * - one whose parent is still a live Node process belongs to a running server: refused;
 * - a postmaster.pid naming no live process of ours is removed (PostgreSQL itself would refuse
 *   to start when that PID has been reused by another process).
 */
export async function clearLeftoverPostmaster(dataDir: string, log: (m: string) => void, graceMs = 10_000): Promise<void> {
  const file = readPostmasterPid(dataDir);
  if (!file) return;
  const { pid } = file;
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!isAlive(pid) || !isPostmasterOf(pid, dataDir)) {
    fs.rmSync(pidFile, { force: true });
    log(`removed a stale ${pidFile} (process ${pid} no longer runs PostgreSQL here): the last run did not stop cleanly; PostgreSQL recovers from its write-ahead log`);
    return;
  }
  const ppid = parentPid(pid);
  if (ppid && ppid !== 1 && ppid !== process.pid && isNode(ppid)) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is in use by a running process (pid ${ppid}: ${(commandLine(ppid) ?? []).join(' ')}).\n` +
        'Stop that server first (Ctrl-C, or kill ' + ppid + '), or give this one its own data folder with JIAFANG_DATA_DIR.',
    );
  }
  log(`found the embedded PostgreSQL of ${dataDir} still running (pid ${pid}, port ${file.port}) after a run that ended without stopping it: stopping it …`);
  const started = Date.now();
  const how = await stopPostmaster(pid, graceMs);
  log(
    how === 'stopped'
      ? `stopped the leftover PostgreSQL (pid ${pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s`
      : `the leftover PostgreSQL (pid ${pid}) did not stop within ${graceMs / 1000} s: killed it and its backends`,
  );
}
