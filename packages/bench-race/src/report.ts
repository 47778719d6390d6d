// The race's results as a Markdown table (printed, and pasted as it is into docs/performance.md),
// and the machine line.
import os from 'node:os';
import type { Round } from './drive.ts';
import type { CpuPerRequest } from './machine-load.ts';
import type { MixedRound } from './mixed-drive.ts';
import type { RaceQuery } from './queries.ts';
import type { StatementCounts } from './sql-count.ts';

export interface Result {
  query: RaceQuery;
  rows: number;
  count?: number;
  jiafang: Round[];
  postgraphile: Round[];
  statements?: { jiafang: StatementCounts; postgraphile: StatementCounts };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const fixed = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const short = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const sql = (c?: StatementCounts) => (c ? `${short(c.total)} (${short(c.work)} data)` : 'n/a');
const cpuText = (c?: CpuPerRequest) => (c ? `, CPU a request: server ${c.serverMs.toFixed(2)} ms, PostgreSQL ${c.postgresMs.toFixed(2)} ms, machine idle ${(c.idle * 100).toFixed(0)}%` : '');
/** The rounds' median CPU per request, server + PostgreSQL, in ms ('n/a' off Linux). */
const cpuCell = (rounds: Array<{ cpu?: CpuPerRequest }>) => {
  const cpu = rounds.map((r) => r.cpu).filter((c): c is CpuPerRequest => !!c);
  return cpu.length ? `${median(cpu.map((c) => c.serverMs)).toFixed(2)} + ${median(cpu.map((c) => c.postgresMs)).toFixed(2)}` : 'n/a';
};

export function roundLine(server: string, i: number, r: Round, note = ''): string {
  const others = r.others !== undefined ? `, other programs ${(r.others * 100).toFixed(0)}% of the CPU` : '';
  return `    ${server.padEnd(12)} round ${i + 1}: ${fixed(r.requestsPerSecond, 1).padStart(8)} req/s, p50 ${short(r.p50)} ms, p99 ${short(r.p99)} ms, ${fixed(r.completed)} requests${r.failed ? `, ${r.failed} FAILED` : ''}${cpuText(r.cpu)}${others}${note}`;
}

export function resultTable(results: Result[]): string {
  const head = [
    'query', 'role', 'rows (count)',
    'Jiafang req/s', 'p50 ms', 'p99 ms',
    'PostGraphile req/s', 'p50 ms', 'p99 ms',
    'Jiafang / PostGraphile', 'SQL per request: Jiafang', 'PostGraphile',
    'CPU ms per request, server + PostgreSQL: Jiafang', 'PostGraphile',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const r of results) {
    const j = median(r.jiafang.map((x) => x.requestsPerSecond));
    const p = median(r.postgraphile.map((x) => x.requestsPerSecond));
    lines.push(
      `| ${[
        r.query.key === 'nested' ? '(a) nested, 100 by id' : '(b) list page, 25 by name + count',
        r.query.role,
        `${r.rows}${r.count !== undefined ? ` (${fixed(r.count)})` : ''}`,
        fixed(j, 0), short(median(r.jiafang.map((x) => x.p50))), short(median(r.jiafang.map((x) => x.p99))),
        fixed(p, 0), short(median(r.postgraphile.map((x) => x.p50))), short(median(r.postgraphile.map((x) => x.p99))),
        `${(j / p).toFixed(2)}×${[...r.jiafang, ...r.postgraphile].some((x) => x.disturbed) ? ' *' : ''}`,
        sql(r.statements?.jiafang),
        sql(r.statements?.postgraphile),
        cpuCell(r.jiafang),
        cpuCell(r.postgraphile),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

export interface Machine {
  jiafangNode: string;
  postgraphileNode: string;
  postgraphileVersion: string;
  postgres: string;
  database: string;
  driverNode: string;
  autocannonVersion: string;
}

export function machineLine(m: Machine): string {
  const cpus = os.cpus();
  return [
    `machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.release()}`,
    `Jiafang on Node ${m.jiafangNode}`,
    `PostGraphile ${m.postgraphileVersion} on Node ${m.postgraphileNode}`,
    `PostgreSQL ${m.postgres} (${m.database})`,
    `autocannon ${m.autocannonVersion} on Node ${m.driverNode}, same machine`,
  ].join('; ');
}

// ---- (c) the mixed load ----

export interface MixedResult {
  role: string;
  server: string;
  rounds: MixedRound[];
}

const tallyOf = (rounds: MixedRound[]) => {
  const bad: Record<string, number> = {};
  for (const r of rounds) for (const [k, n] of Object.entries(r.tally.bad)) bad[k] = (bad[k] ?? 0) + n;
  const errors = rounds.reduce((a, r) => a + r.errors, 0);
  if (errors) bad['socket error or timeout'] = errors;
  const sum = (f: (r: MixedRound) => number) => rounds.reduce((a, r) => a + f(r), 0);
  const writes = sum((r) => r.writes) / Math.max(1, sum((r) => r.reads + r.writes));
  return { good: sum((r) => r.tally.good), stale: sum((r) => r.tally.stale), skipped: sum((r) => r.tally.skipped), bad, writes: `${Math.round(writes * 100)}% writes` };
};
const badText = (bad: Record<string, number>) => Object.entries(bad).map(([k, n]) => `${k}: ${fixed(n)}`).join(', ') || '0';

export function mixedRoundLine(server: string, i: number, r: MixedRound, note = ''): string {
  const others = r.others !== undefined ? `, other programs ${(r.others * 100).toFixed(0)}% of the CPU` : '';
  const t = tallyOf([r]);
  return `    ${server.padEnd(12)} round ${i + 1}: ${fixed(r.requestsPerSecond, 1).padStart(8)} req/s, p50 ${short(r.p50)} ms, p90 ${short(r.p90)} ms, p99 ${short(r.p99)} ms (reads ${short(r.readP50)}, writes ${short(r.writeP50)}), ${t.writes}, ${fixed(t.good)} good, ${fixed(t.stale)} stale version, other errors ${badText(t.bad)}${cpuText(r.cpu)}${others}${note}`;
}

export function mixedTable(results: MixedResult[]): string {
  const head = ['server', 'role', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'reads p50 ms', 'writes p50 ms', 'answers', 'CONFLICT (stale version)', 'CPU ms per answer, server + PostgreSQL', 'machine idle', 'other errors'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 || i === head.length - 1 ? '---' : '---:')).join('|')}|`];
  for (const { server, role, rounds } of results) {
    const m = (f: (r: MixedRound) => number) => short(median(rounds.map(f)));
    const t = tallyOf(rounds);
    const answers = t.good + t.stale + Object.values(t.bad).reduce((a, b) => a + b, 0);
    lines.push(
      `| ${[
        `${server}${rounds.some((r) => r.disturbed) ? ' *' : ''}`, role,
        fixed(median(rounds.map((r) => r.requestsPerSecond))), m((r) => r.p50), m((r) => r.p90), m((r) => r.p99), m((r) => r.readP50), m((r) => r.writeP50),
        `${fixed(answers)} (${t.writes})`, fixed(t.stale), cpuCell(rounds),
        rounds.every((r) => r.cpu) ? `${(median(rounds.map((r) => r.cpu!.idle)) * 100).toFixed(0)}%` : 'n/a',
        badText(t.bad) + (t.skipped ? ` (${fixed(t.skipped)} edits not sent: no list page had answered yet)` : ''),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
