// Scenario (c) under autocannon: each connection cycles through a workload's steps (mixed.ts),
// building each body when it is sent and reading each answer. Each connection starts at a random
// step: a round sees only a few requests per connection when answers take seconds, and with a
// common start they would all be the cycle's first reads. The race times the answers itself
// (autocannon cannot split reads from writes, or a warm-up from the same run).
// Answers are tallied by kind: good, CONFLICT from a stale version (expected when two
// connections edit one student), other GraphQL errors by code and rule, HTTP errors, and answers
// that are not JSON. INTERNAL_SERVER_ERROR and non-JSON answers fail the race; the rest are printed.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { headers } from './graphql-client.ts';
import { cpuPerRequest, withLoad, type CpuPerRequest } from './machine-load.ts';
import { positiveOr } from './drive.ts';
import type { Seen, Step } from './mixed.ts';

export interface MixedSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
}

export function mixedSettings(env: NodeJS.ProcessEnv = process.env): MixedSettings {
  const n = positiveOr;
  return {
    connections: n(env.BENCH_MIXED_CONNECTIONS, 200),
    durationSeconds: n(env.BENCH_SECONDS, 10),
    // 200 connections at up to seconds an answer: a longer warm-up than the single queries'.
    warmupSeconds: n(env.BENCH_MIXED_WARMUP_SECONDS, 5),
    rounds: n(env.BENCH_ROUNDS, 2),
  };
}

export interface Tally {
  good: number;
  /** CONFLICT with rule STALE_VERSION: someone saved the student since this connection read it. */
  stale: number;
  /** Every other kind of answer that is not good, e.g. "FORBIDDEN", "HTTP 503 SERVICE_UNAVAILABLE", "not JSON". */
  bad: Record<string, number>;
  /** Edits left out because no list page had answered yet (the connection's cycle started over). */
  skipped: number;
  /** The first bad answer of each kind, for the message. */
  samples: Record<string, string>;
}

const newTally = (): Tally => ({ good: 0, stale: 0, bad: {}, skipped: 0, samples: {} });

/** Kinds that fail the race: the server broke, rather than refused. */
export const fatalKinds = (t: Tally) => Object.keys(t.bad).filter((k) => k.includes('INTERNAL_SERVER_ERROR') || k.includes('not JSON'));

/** Sorts one answer into the tally; answers `data` when it is good. */
function record(t: Tally, status: number, text: string): any {
  const http = status >= 200 && status < 300 ? '' : `HTTP ${status} `;
  let parsed: { data?: any; errors?: Array<{ message?: string; extensions?: { code?: string; rule?: string } }> };
  try {
    parsed = JSON.parse(text);
  } catch {
    const kind = `${http}not JSON`;
    t.bad[kind] = (t.bad[kind] ?? 0) + 1;
    t.samples[kind] ??= text.slice(0, 500);
    return undefined;
  }
  const e = parsed.errors?.[0];
  if (!http && !e && parsed.data) {
    t.good++;
    return parsed.data;
  }
  if (!http && e?.extensions?.code === 'CONFLICT' && e.extensions.rule === 'STALE_VERSION') {
    t.stale++;
    return undefined;
  }
  const kind = `${http}${e ? (e.extensions?.code ?? 'error without code') + (e.extensions?.rule ? ` ${e.extensions.rule}` : '') : 'no data'}`.trim();
  t.bad[kind] = (t.bad[kind] ?? 0) + 1;
  t.samples[kind] ??= text.slice(0, 500);
  return undefined;
}

/** One cycle, sent one request at a time: every step must answer good (the writes must write). */
export async function checkCycle(url: string, steps: Step[], token?: string): Promise<void> {
  const t = newTally();
  const seen: Seen = {};
  for (const step of steps) {
    const b = step.body(seen);
    if (!b) throw new Error(`${step.name}: nothing to send (an earlier read gave nothing)`);
    const res = await fetch(url, { method: 'POST', headers: headers(token), body: b });
    const data = record(t, res.status, await res.text());
    if (!data) throw new Error(`${step.name} (${step.kind}) did not answer good data: ${Object.values(t.samples)[0] ?? 'a stale version'}\n  sent: ${b.slice(0, 600)}`);
    step.keep?.(data, seen);
  }
}

export interface MixedRound {
  requestsPerSecond: number;
  /** Over every answer of the timed part, reads and writes, from the moment each request is written. */
  p50: number;
  p90: number;
  p99: number;
  /** Medians of reads and of writes alone. */
  readP50: number;
  writeP50: number;
  /** Reads and writes answered. */
  reads: number;
  writes: number;
  completed: number;
  tally: Tally;
  /** Socket errors and timeouts (warm-up included). */
  errors: number;
  /** Fatal answers in the warm-up, which is otherwise thrown away. */
  warmupFatal: Record<string, string>;
  others?: number;
  disturbed?: boolean;
  /** CPU time per answer of the timed part, of the server and of PostgreSQL (Linux only). */
  cpu?: CpuPerRequest;
}

interface Answered {
  kind: Step['kind'];
  at: number;
  ms: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/**
 * One autocannon run of warm-up plus timed part, each answer sorted by when it arrived. One run,
 * not two: the requests a separate warm-up leaves unanswered (up to one per connection, seconds of
 * work each) would still be running on the server at the start of the timed part.
 */
export async function measureMixed(url: string, pid: number, steps: Step[], token: string | undefined, s: MixedSettings): Promise<MixedRound> {
  const warm = newTally();
  const tally = newTally();
  const answered: Answered[] = [];
  const start = performance.now();
  const from = start + s.warmupSeconds * 1000;
  const to = from + s.durationSeconds * 1000;
  // The latest list page any connection saw: an edit's rows until its own connection has read one.
  let latest: Seen = {};
  // Each connection its own requests (autocannon's context is cleared every cycle), rotated to a
  // random start that is not an edit.
  const requestsOfOneConnection = () => {
    const seen: Seen = {};
    let sentAt = 0;
    let k = Math.floor(Math.random() * steps.length);
    if (steps[k].needsRows) k = (k + 1) % steps.length;
    return [...steps.slice(k), ...steps.slice(0, k)].map((step) => ({
      method: 'POST',
      setupRequest: (req: object) => {
        const b = step.body(seen.rows ? seen : latest);
        if (!b) {
          (performance.now() < from ? warm : tally).skipped++;
          return undefined; // autocannon starts the connection's cycle over
        }
        sentAt = performance.now();
        return { ...req, body: b };
      },
      onResponse: (status: number, text: string) => {
        const at = performance.now();
        const timed = at >= from && at <= to;
        if (timed) answered.push({ kind: step.kind, at, ms: at - sentAt });
        const data = record(timed ? tally : warm, status, text);
        if (data && step.keep) {
          step.keep(data, seen);
          latest = seen;
        }
      },
    }));
  };
  const instance = autocannon({
    url,
    method: 'POST',
    headers: headers(token),
    connections: s.connections,
    duration: s.warmupSeconds + s.durationSeconds,
    pipelining: 1,
    // Slow answers are measured, not dropped: nothing times out within a round.
    timeout: 120,
    setupClient: (client: { setRequests(r: unknown[]): void }) => client.setRequests(requestsOfOneConnection()),
  } as unknown as autocannon.Options) as unknown as Promise<autocannon.Result>;
  await sleep(Math.max(0, from - performance.now()));
  const { load } = await withLoad(() => sleep(Math.max(0, to - performance.now())), pid);
  const r = await instance;

  const ms = (kind?: Step['kind']) => answered.filter((a) => !kind || a.kind === kind).map((a) => a.ms).sort((a, b) => a - b);
  const all = ms();
  return {
    requestsPerSecond: all.length / s.durationSeconds,
    p50: Math.round(percentile(all, 50)),
    p90: Math.round(percentile(all, 90)),
    p99: Math.round(percentile(all, 99)),
    readP50: Math.round(percentile(ms('read'), 50)),
    writeP50: Math.round(percentile(ms('write'), 50)),
    reads: ms('read').length,
    writes: ms('write').length,
    completed: all.length,
    tally,
    errors: r.errors,
    warmupFatal: Object.fromEntries(fatalKinds(warm).map((k) => [k, warm.samples[k]])),
    others: load?.others,
    cpu: cpuPerRequest(load, all.length),
  };
}
