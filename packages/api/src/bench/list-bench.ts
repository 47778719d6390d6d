import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrate, openOrm } from '../db/orm';
import { sqlStatements } from '../db/query-log';
import { startServer } from '../http/server';
import { DEMO_PASSWORD, seedDemoCounty } from '../demo/seed';

// `pnpm bench [students]`: loads a demo county of the given size into a scratch database and
// prints, for the queries the screens and analysts run most, the median time over the real HTTP
// server and the SQL statements each costs.
const QUERIES: Array<[string, string]> = [
  ['student list page (25, by name) + count', '{ allStudents(perPage: 25, sortField: "name") { id name gender birthDate schoolId classId } _allStudentsMeta { count } }'],
  ['filter focus category + count', '{ allStudents(perPage: 25, filter: { focusCategories: [LEFT_BEHIND] }) { id name } _allStudentsMeta(filter: { focusCategories: [LEFT_BEHIND] }) { count } }'],
  ['search q (name) + count', '{ allStudents(perPage: 25, filter: { q: "王小" }) { id name } _allStudentsMeta(filter: { q: "王小" }) { count } }'],
  ['filter birthDate range, sort birthDate', '{ allStudents(perPage: 25, sortField: "birthDate", filter: { birthDate_gte: "2015-01-01", birthDate_lt: "2016-01-01" }) { id } }'],
  ['100 students with school, class, head teacher, guardians', '{ allStudents(perPage: 100) { name school { name } class { name headTeacher { name } } guardians { phone } } }'],
  ['5 schools → classes → students → guardians', '{ allSchools(perPage: 5) { name classes { name students { name guardians { phone } } } } }'],
];

async function main() {
  const students = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiafang-bench-'));
  fs.chmodSync(dir, 0o755);
  const db = process.env.BENCH_DATABASE_URL
    ? { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres(path.join(dir, 'pg'), 'bench', () => undefined);
  const orm = await openOrm(db.url);
  try {
    await migrate(orm);
    const t0 = Date.now();
    await seedDemoCounty(orm, { students });
    console.log(`seeded ${students} students in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await orm.em.getConnection().execute('analyze');
    const server = await startServer({ orm, jwtSecret: 'bench-secret-bench-secret-bench-secret', jwtExpiresIn: '1h', log: () => undefined }, 0);
    const post = async (query: string, token?: string) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const token = (await post(`mutation { login(username: "admin", password: "${DEMO_PASSWORD}") { token } }`)).login.token;
    console.log(`\n${'query'.padEnd(58)} ${'median ms'.padStart(10)} ${'p90 ms'.padStart(8)} ${'SQL'.padStart(5)}`);
    for (const [name, query] of QUERIES) {
      await post(query, token); // warm-up
      const times: number[] = [];
      let statements = 0;
      for (let i = 0; i < runs; i++) {
        const before = sqlStatements();
        const start = process.hrtime.bigint();
        await post(query, token);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        statements = sqlStatements() - before;
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
      console.log(`${name.padEnd(58)} ${at(0.5).padStart(10)} ${at(0.9).padStart(8)} ${String(statements).padStart(5)}`);
    }
    await server.close();
  } finally {
    await orm.close(true);
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
