// `pnpm bench:race [students]`: Jiafang against PostGraphile 5 on the same database.
//
// 1. a demo county of `students` (default 100,000) in a scratch database (scratch-db.ts);
// 2. the timed servers, each its own process (servers.ts); both must answer the same rows
//    (verify.ts) before any timing;
// 3. SQL statements per request, counted by a wire-protocol proxy in front of a separate,
//    untimed instance of each server (sql-count.ts);
// 4. autocannon, rounds interleaved Jiafang, PostGraphile, Jiafang, PostGraphile per query and
//    role (drive.ts), each started on a quiet machine and run again when other programs disturbed
//    it (machine-load.ts); a Markdown table of medians and the machine line (report.ts);
// 5. (c) a mixed load, 70% reads and 30% writes on 200 connections (mixed.ts, mixed-drive.ts),
//    after the single queries, since its writes change the rows they read.
// Everything started is stopped on the way out, on failure or Ctrl-C too (cleanup.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupAll, cleanUpOnSignals, stopping } from './cleanup.ts';
import { driveSettings, measure, type Round } from './drive.ts';
import { login, query, send } from './graphql-client.ts';
import { jiafangDist } from './jiafang-dist.ts';
import { ROLE_LOGINS, raceQueries, TEACHER_IDS_QUERY, type RaceQuery, type Role } from './queries.ts';
import { waitForQuiet } from './machine-load.ts';
import { checkCycle, fatalKinds, measureMixed, mixedSettings, type MixedRound } from './mixed-drive.ts';
import { cycleMix, mixedWorkloads } from './mixed.ts';
import { machineLine, mixedRoundLine, mixedTable, resultTable, roundLine, type MixedResult, type Result } from './report.ts';
import { openScratchDatabase, withClient } from './scratch-db.ts';
import { startJiafang, startPostGraphile, type ServerProcess } from './servers.ts';
import { startCountingProxy, statementsPerRequest, type StatementCounts } from './sql-count.ts';
import { RowsDiffer, verifySameRows } from './verify.ts';

const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const versionOf = (pkg: string) => JSON.parse(fs.readFileSync(path.join(BENCH_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
/** The machine counts as quiet under this share of its CPU busy (the idle servers use about 1%). */
const QUIET = 0.15;
const CPU_NOTE =
  'CPU per request: the CPU time (/proc, user + system) of the server process and of every PostgreSQL process during the timed part, over the requests answered in it; what a request costs the machine, whatever its scheduling.';

/** A round is disturbed when programs outside the race take more than this share of the CPU. */
const DISTURBED = 0.1;
const log = (m: string) => void (stopping() || console.log(m));

function studentsWanted(): number {
  const raw = process.argv[2] ?? process.env.BENCH_STUDENTS ?? '100000';
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 100) throw new Error(`students must be a whole number of at least 100 (got ${raw})`);
  return n;
}

async function tokensFor(jiafangUrl: string): Promise<Record<Role, string>> {
  const { DEMO_PASSWORD } = jiafangDist();
  const tokens = {} as Record<Role, string>;
  for (const [role, username] of Object.entries(ROLE_LOGINS) as Array<[Role, string]>) tokens[role] = await login(jiafangUrl, username, DEMO_PASSWORD);
  return tokens;
}

/** Every student the teacher reaches, by id, paging through Jiafang's own answer. */
async function teacherStudentIds(jiafangUrl: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 0; ; page++) {
    const rows: Array<{ id: string }> = (await query(jiafangUrl, TEACHER_IDS_QUERY(page), token)).allStudents;
    ids.push(...rows.map((r) => r.id));
    if (rows.length < 1000) return ids;
  }
}

/** Statements per request of each query on each server, through counting proxies and separate processes. */
async function countStatements(databaseUrl: string, queries: RaceQuery[], tokens: Record<Role, string>) {
  const jProxy = await startCountingProxy(databaseUrl);
  const pProxy = await startCountingProxy(databaseUrl);
  const [j, p] = await Promise.all([startJiafang(jProxy.url, 'Jiafang (counting)'), startPostGraphile(pProxy.url, 'PostGraphile (counting)')]);
  try {
    const out = new Map<RaceQuery, { jiafang: StatementCounts; postgraphile: StatementCounts }>();
    const show = (server: string, q: RaceQuery) =>
      process.env.BENCH_SHOW_SQL ? (texts: string[]) => log(`  ${server}, ${q.title} as ${q.role}:\n${texts.map((t) => `    ${t.replace(/\s+/g, ' ').slice(0, 400)}`).join('\n')}`) : undefined;
    for (const q of queries) {
      out.set(q, {
        jiafang: await statementsPerRequest(jProxy, () => send(j.url, q.jiafang.body, tokens[q.role]), 10, show('Jiafang', q)),
        postgraphile: await statementsPerRequest(pProxy, () => send(p.url, q.postgraphile.body), 10, show('PostGraphile', q)),
      });
    }
    if (jProxy.opaque() || pProxy.opaque()) {
      log('  the database answered over TLS, which the counting proxy cannot read: no statement counts');
      return undefined;
    }
    return out;
  } finally {
    await Promise.all([j.stop(), p.stop()]);
    await Promise.all([jProxy.close(), pProxy.close()]);
  }
}

/** Which parts run: `ab` (the two queries, timed side by side) and `c` (the mixed load); both by default. */
function scenariosWanted(): { reads: boolean; mixed: boolean } {
  const raw = (process.env.BENCH_SCENARIOS ?? 'ab,c').split(',').map((p) => p.trim().toLowerCase());
  const unknown = raw.filter((p) => p !== 'ab' && p !== 'c');
  if (unknown.length || raw.length === 0) throw new Error(`BENCH_SCENARIOS takes ab, c or ab,c (not ${process.env.BENCH_SCENARIOS})`);
  return { reads: raw.includes('ab'), mixed: raw.includes('c') };
}

async function race(): Promise<void> {
  const students = studentsWanted();
  const scenarios = scenariosWanted();
  const settings = driveSettings();
  const started = Date.now();
  log(`bench:race: Jiafang against PostGraphile ${versionOf('postgraphile')} on a demo county of ${students.toLocaleString('en')} students`);
  const db = await openScratchDatabase(students, log);
  const { listSchoolId, postgres } = await withClient(db.url, async (c) => {
    // The list filter: the teacher's school (the first town's central primary school), girls.
    const school = await c.query(`select school_id from "user" where username = $1`, [ROLE_LOGINS.TEACHER]);
    const version = await c.query('show server_version');
    return { listSchoolId: school.rows[0]?.school_id as string, postgres: version.rows[0].server_version as string };
  });
  if (!listSchoolId) throw new Error(`the database has no demo user "${ROLE_LOGINS.TEACHER}" with a school`);

  log('starting Jiafang and PostGraphile …');
  const servers: ServerProcess[] = await Promise.all([startJiafang(db.url), startPostGraphile(db.url)]);
  const [jiafang, postgraphile] = servers;
  const tokens = await tokensFor(jiafang.url);
  const ctx = { listSchoolId, listGender: 'FEMALE' as const, teacherStudentIds: await teacherStudentIds(jiafang.url, tokens.TEACHER) };
  const queries = raceQueries(ctx);
  log(`teacher "${ROLE_LOGINS.TEACHER}" reaches ${ctx.teacherStudentIds.length} students; PostGraphile's teacher runs are filtered to those ids`);

  log('checking that both servers answer the same rows …');
  const checked = new Map<RaceQuery, { rows: number; count?: number }>();
  for (const q of queries) {
    const c = await verifySameRows(q, { jiafang: jiafang.url, postgraphile: postgraphile.url, token: tokens[q.role] });
    checked.set(q, c);
    log(`  ok: ${q.title} as ${q.role}: ${c.rows} rows${c.count !== undefined ? `, count ${c.count}` : ''}`);
  }

  // Counted while the timed servers are idle, on their own processes (the proxy costs a hop).
  log('counting SQL statements per request (separate server processes behind a counting proxy) …');
  const statements = scenarios.reads ? await countStatements(db.url, queries, tokens) : undefined;

  if (scenarios.reads) log(`timing: ${settings.connections} connections, ${settings.rounds} rounds of ${settings.durationSeconds} s each, each after a ${settings.warmupSeconds} s warm-up, Jiafang and PostGraphile interleaved`);
  const results: Result[] = [];
  // Other programs on the machine: each round starts once the machine is quiet, and one during
  // which they took more than DISTURBED of the CPU is run again (their load is not the servers'
  // slowness). PostgreSQL counts as the race's own, embedded or at BENCH_DATABASE_URL on this machine
  // (a test run against that server would count as the race's too).
  let reruns = 0;
  let disturbed = 0;
  const timed = async <R extends { others?: number; disturbed?: boolean }>(server: string, i: number, run: () => Promise<R>, line: (server: string, i: number, r: R, note: string) => string): Promise<R> => {
    for (let attempt = 1; ; attempt++) {
      await waitForQuiet(settings.quietWaitSeconds, QUIET, (load) =>
        log(`    the machine is ${(load.busy * 100).toFixed(0)}% busy (${(load.others * 100).toFixed(0)}% other programs, the rest the race's servers and database finishing work): waiting up to ${settings.quietWaitSeconds} s …`),
      );
      const round = await run();
      const bad = (round.others ?? 0) > DISTURBED;
      if (!bad || attempt >= settings.attempts) {
        if (bad) disturbed++;
        log(line(server, i, round, bad ? ' (disturbed, kept after the last try)' : ''));
        return { ...round, disturbed: bad };
      }
      reruns++;
      log(line(server, i, round, ': disturbed, run again'));
    }
  };
  for (const q of scenarios.reads ? queries : []) {
    log(`  ${q.title} as ${q.role}`);
    const rounds: { jiafang: Round[]; postgraphile: Round[] } = { jiafang: [], postgraphile: [] };
    for (let i = 0; i < settings.rounds; i++) {
      for (const server of servers) if (!server.alive()) throw new Error(`${server.name} is no longer running`);
      const j = await timed('Jiafang', i, () => measure(jiafang.url, jiafang.pid, q.jiafang.body, tokens[q.role], settings), roundLine);
      const p = await timed('PostGraphile', i, () => measure(postgraphile.url, postgraphile.pid, q.postgraphile.body, undefined, settings), roundLine);
      rounds.jiafang.push(j);
      rounds.postgraphile.push(p);
    }
    const all = [...rounds.jiafang, ...rounds.postgraphile];
    const failed = all.reduce((a, r) => a + r.failed, 0);
    if (failed) {
      const sample = all.find((r) => r.failure)?.failure;
      throw new Error(`${q.title} as ${q.role}: ${failed} requests failed during timing${sample ? `; the first answer: ${sample}` : ''}`);
    }
    results.push({ query: q, ...checked.get(q)!, ...rounds, statements: statements?.get(q) });
  }

  // (c) The mixed load, last: its writes change rows (a) and (b) read.
  const mixed = mixedSettings();
  const workloads = scenarios.mixed ? await mixedWorkloads(db.url, ctx) : [];
  if (scenarios.mixed) log(`(c) mixed load: ${mixed.connections} connections, ${mixed.rounds} rounds of ${mixed.durationSeconds} s each, each after a ${mixed.warmupSeconds} s warm-up; each connection cycles through ${cycleMix(workloads[0].jiafang)} as admin, ${cycleMix(workloads[1].jiafang)} as teacher`);
  const mixedResults: MixedResult[] = [];
  for (const w of workloads) {
    // One cycle at a time first: every read answers and every write is accepted, on both servers.
    await checkCycle(jiafang.url, w.jiafang, tokens[w.role]);
    await checkCycle(postgraphile.url, w.postgraphile);
    log(`  ${w.role}: one cycle answered good on both servers`);
    const rounds: { jiafang: MixedRound[]; postgraphile: MixedRound[] } = { jiafang: [], postgraphile: [] };
    for (let i = 0; i < mixed.rounds; i++) {
      for (const server of servers) if (!server.alive()) throw new Error(`${server.name} is no longer running`);
      rounds.jiafang.push(await timed('Jiafang', i, () => measureMixed(jiafang.url, jiafang.pid, w.jiafang, tokens[w.role], mixed), mixedRoundLine));
      rounds.postgraphile.push(await timed('PostGraphile', i, () => measureMixed(postgraphile.url, postgraphile.pid, w.postgraphile, undefined, mixed), mixedRoundLine));
    }
    for (const [server, rs] of [['Jiafang', rounds.jiafang], ['PostGraphile', rounds.postgraphile]] as const) {
      const fatal = rs.flatMap((r) => [...fatalKinds(r.tally).map((k) => [k, r.tally.samples[k]]), ...Object.entries(r.warmupFatal)]);
      if (fatal.length) throw new Error(`(c) mixed load as ${w.role}: ${server} answered ${fatal.map(([k]) => k).join(', ')}; the first: ${fatal[0][1]}`);
      mixedResults.push({ server, role: w.role, rounds: rs });
    }
  }

  const machine = machineLine({
    jiafangNode: jiafang.node,
    postgraphileNode: postgraphile.node,
    postgraphileVersion: versionOf('postgraphile'),
    postgres,
    database: `${db.origin}, ${db.students.toLocaleString('en')} students${db.seededIn ? `, seeded in ${db.seededIn.toFixed(0)} s` : ''}`,
    driverNode: process.version,
    autocannonVersion: versionOf('autocannon'),
  });
  if (scenarios.reads) {
    log(`\nresults (medians of ${settings.rounds} rounds; req/s ratio above 1 means Jiafang is faster):\n`);
    log(resultTable(results));
    log(`\nSQL per request: statements each request sends (the median of 10 requests; in brackets without BEGIN/COMMIT/SET), counted outside the servers by a PostgreSQL wire-protocol proxy.`);
    log(CPU_NOTE);
  }
  if (scenarios.mixed) {
    log(`\n(c) mixed load, ${mixed.connections} connections, 70% reads and 30% writes (medians of ${mixed.rounds} rounds; answers and errors summed over them):\n`);
    log(mixedTable(mixedResults));
    log(`\n${CPU_NOTE} Machine idle: CPU that neither server, PostgreSQL nor autocannon used. Every connection always waits for an answer, so the median answer takes about ${mixed.connections} ÷ req/s, and the CPU an answer costs bounds it: at most cores × 1,000 ÷ (CPU ms per answer, autocannon's included) answers a second.`);
  }
  log(`\n${machine}`);
  log(
    `other programs: each round waited (up to ${settings.quietWaitSeconds} s) for the machine to be under ${QUIET * 100}% busy; ${reruns} round(s) run again because other programs took over ${DISTURBED * 100}% of the CPU${disturbed ? `; ${disturbed} kept disturbed after ${settings.attempts} tries (marked * in the table: run again on a quieter machine)` : ''}`,
  );
  log(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

cleanUpOnSignals();
try {
  await race();
  await cleanupAll();
} catch (err) {
  if (stopping()) await new Promise(() => undefined); // the signal handler cleans up and exits
  // A difference in rows is the finding itself, not a bug of the race: no stack for it.
  console.error(`\nbench:race failed: ${err instanceof RowsDiffer ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await cleanupAll();
  process.exit(1);
}
