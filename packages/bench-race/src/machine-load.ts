// Other programs on the machine (a test run, a build) would be measured as the servers'
// slowness. Linux's /proc tells the machine's CPU time apart from the race's own: this process and
// everything under it (the two servers, the embedded PostgreSQL and its backends), and every
// PostgreSQL process elsewhere (the server at BENCH_DATABASE_URL, when it runs here). Rounds start
// once the machine is quiet, and a round during which other programs took a noticeable share of
// the CPU is run again. The same readings give each round's CPU time per request of the server
// measured and of PostgreSQL (every process named postgres: the embedded one's or the one at
// BENCH_DATABASE_URL), and the share of the machine left idle. Elsewhere than Linux nothing is
// checked or counted.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

interface Snapshot {
  /** Clock ticks of the whole machine, busy and all. */
  busy: number;
  total: number;
  /** Clock ticks spent by this process tree (reaped children included) and by PostgreSQL outside it. */
  ours: number;
  idle: number;
  /** Clock ticks of each process, its own (utime + stime). */
  own: Map<number, number>;
  /** Clock ticks of every PostgreSQL process, reaped backends included. */
  postgres: number;
}

/** Linux's USER_HZ, the unit of /proc's times: 100 on every architecture Node runs on. */
const TICK_MS = 10;

function snapshot(): Snapshot | undefined {
  try {
    const ticks = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = ticks[3] + (ticks[4] ?? 0);
    const processes = new Map<number, { ppid: number; ticks: number; postgres: boolean }>();
    const own = new Map<number, number>();
    let postgres = 0;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // After the name: state, ppid, …, utime (14th field of the line), stime, cutime, cstime.
        const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
        const isPostgres = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres';
        processes.set(Number(entry), { ppid: Number(f[1]), ticks, postgres: isPostgres });
        own.set(Number(entry), Number(f[11]) + Number(f[12]));
        if (isPostgres) postgres += ticks;
      } catch {
        // gone meanwhile
      }
    }
    const children = new Map<number, number[]>();
    for (const [pid, p] of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
    let ours = 0;
    let postgresInTree = 0;
    const stack = [process.pid];
    while (stack.length) {
      const pid = stack.pop()!;
      const p = processes.get(pid);
      ours += p?.ticks ?? 0;
      if (p?.postgres) postgresInTree += p.ticks;
      stack.push(...(children.get(pid) ?? []));
    }
    // The database the race drives, wherever it was started: a BENCH_DATABASE_URL on this machine.
    ours += postgres - postgresInTree;
    return { busy: total - idle, total, ours, idle, own, postgres };
  } catch {
    return undefined;
  }
}

export interface Load {
  /** Share of the machine's CPU busy. */
  busy: number;
  /** Share of the machine's CPU taken by programs outside the race. */
  others: number;
  /** Share of the machine's CPU left idle. */
  idle: number;
  /** CPU time of the server process (when its pid was given) and of PostgreSQL, in ms. */
  serverMs?: number;
  postgresMs: number;
}

function between(a: Snapshot, b: Snapshot, server?: number): Load {
  const total = Math.max(1, b.total - a.total);
  const busy = (b.busy - a.busy) / total;
  const serverTicks = server !== undefined && a.own.has(server) && b.own.has(server) ? b.own.get(server)! - a.own.get(server)! : undefined;
  return {
    busy,
    others: Math.max(0, Math.min(busy, (b.busy - a.busy - (b.ours - a.ours)) / total)),
    idle: (b.idle - a.idle) / total,
    serverMs: serverTicks === undefined ? undefined : serverTicks * TICK_MS,
    postgresMs: (b.postgres - a.postgres) * TICK_MS,
  };
}

/** CPU time per request of a round's server and of PostgreSQL, and the machine's idle share. */
export interface CpuPerRequest {
  serverMs: number;
  postgresMs: number;
  idle: number;
}

export function cpuPerRequest(load: Load | undefined, requests: number): CpuPerRequest | undefined {
  if (!load || load.serverMs === undefined || requests <= 0) return undefined;
  return { serverMs: load.serverMs / requests, postgresMs: load.postgresMs / requests, idle: load.idle };
}

/**
 * Runs `work` and answers, beside its result, the machine's load meanwhile (undefined off Linux),
 * with the CPU time of process `server` when given.
 */
export async function withLoad<T>(work: () => Promise<T>, server?: number): Promise<{ result: T; load?: Load }> {
  const a = snapshot();
  const result = await work();
  const b = snapshot();
  return { result, load: a && b ? between(a, b, server) : undefined };
}

/**
 * Waits (up to `maxSeconds`) until the machine is quiet: under `threshold` of its CPU busy over
 * a second, the race's own servers included (so the last round's work has finished too). After
 * three busy seconds, `onWait` hears who is busy. Answers the last reading.
 */
export async function waitForQuiet(maxSeconds: number, threshold: number, onWait: (load: Load) => void): Promise<Load | undefined> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (let readings = 1; ; readings++) {
    const { load } = await withLoad(() => sleep(1000));
    if (!load || load.busy < threshold || Date.now() > deadline) return load;
    if (readings === 3) onWait(load);
  }
}
