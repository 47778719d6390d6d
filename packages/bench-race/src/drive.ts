// Load from autocannon (as a library): N connections for D seconds of the same POST, after a short
// warm-up of the same shape that is thrown away. Every timed answer is checked to be data without
// errors (a full comparison of rows happens before timing, in verify.ts).
import autocannon from 'autocannon';
import { headers } from './graphql-client.ts';
import { cpuPerRequest, withLoad, type CpuPerRequest } from './machine-load.ts';

export interface DriveSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  /** How long to wait for another program's load to pass before each measurement. */
  quietWaitSeconds: number;
  /** Tries of a round that other programs disturbed, before it is kept as it is. */
  attempts: number;
}

/** A positive number from a setting, else the default. */
export const positiveOr = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);

export function driveSettings(env: NodeJS.ProcessEnv = process.env): DriveSettings {
  const n = positiveOr;
  return {
    connections: n(env.BENCH_CONNECTIONS, 20),
    durationSeconds: n(env.BENCH_SECONDS, 10),
    warmupSeconds: n(env.BENCH_WARMUP_SECONDS, 2),
    rounds: n(env.BENCH_ROUNDS, 2),
    quietWaitSeconds: n(env.BENCH_QUIET_WAIT_SECONDS, 120),
    attempts: n(env.BENCH_ATTEMPTS, 3),
  };
}

export interface Round {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  completed: number;
  /** Answers that were not HTTP 2xx, or not `{"data": …}` without errors, and socket errors and timeouts. */
  failed: number;
  /** The first answer that failed the check, for the error message. */
  failure?: string;
  /** Share of the machine's CPU that programs outside the race took meanwhile (Linux only). */
  others?: number;
  /** Kept although other programs disturbed it (every try was disturbed). */
  disturbed?: boolean;
  /** CPU time per request of the server and of PostgreSQL (Linux only). */
  cpu?: CpuPerRequest;
}

function run(url: string, body: string, token: string | undefined, connections: number, seconds: number, failures: string[] = []): Promise<autocannon.Result> {
  const ok = (b: string) => b.startsWith('{"data":') && !b.includes('"errors"');
  const note = (what: string) => void (failures.length < 1 && failures.push(what.slice(0, 1000)));
  const instance = autocannon({
    url,
    method: 'POST',
    headers: headers(token),
    body,
    connections,
    duration: seconds,
    pipelining: 1,
    // autocannon joins the body from its chunks as strings, which may split a Chinese character:
    // check the shape, not the bytes (the rows were compared before timing).
    verifyBody: (b: string) => ok(b) || (note(b), false),
  } as autocannon.Options) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('reqError', (err: Error) => note(`request error: ${err.message}`));
  return instance;
}

/** Drives `url` (served by process `pid`) with one request body: a warm-up, then the timed run. */
export async function measure(url: string, pid: number, body: string, token: string | undefined, s: DriveSettings): Promise<Round> {
  const failures: string[] = [];
  await run(url, body, token, s.connections, s.warmupSeconds, failures);
  const { result: r, load } = await withLoad(() => run(url, body, token, s.connections, s.durationSeconds, failures), pid);
  return {
    // Completed requests over the time taken (autocannon's per-second average counts a partial 11th second).
    requestsPerSecond: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    completed: r.requests.total,
    failed: r.non2xx + r.errors + r.timeouts + (r.mismatches ?? 0),
    failure: failures[0],
    others: load?.others,
    cpu: cpuPerRequest(load, r.requests.total),
  };
}
