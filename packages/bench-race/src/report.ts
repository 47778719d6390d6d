// The race's results as a Markdown table (printed, and pasted as it is into docs/performance.md),
// and the machine line.
import os from 'node:os';
import type { Round } from './drive.ts';
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

export function roundLine(server: string, i: number, r: Round, note = ''): string {
  const others = r.others !== undefined ? `, other programs ${(r.others * 100).toFixed(0)}% of the CPU` : '';
  return `    ${server.padEnd(12)} round ${i + 1}: ${fixed(r.requestsPerSecond, 1).padStart(8)} req/s, p50 ${short(r.p50)} ms, p99 ${short(r.p99)} ms, ${fixed(r.completed)} requests${r.failed ? `, ${r.failed} FAILED` : ''}${others}${note}`;
}

export function resultTable(results: Result[]): string {
  const head = [
    'query', 'role', 'rows (count)',
    'Jiafang req/s', 'p50 ms', 'p99 ms',
    'PostGraphile req/s', 'p50 ms', 'p99 ms',
    'Jiafang / PostGraphile', 'SQL per request: Jiafang', 'PostGraphile',
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

