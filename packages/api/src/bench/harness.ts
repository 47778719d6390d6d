import pino from 'pino';
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrate, openOrm } from '../db/orm';
import { sqlStatements } from '../db/query-log';
import { startServer } from '../http/server';
import { readQueryLimits } from '../http/limits';
import { NO_RATE_LIMITS } from '../http/rate-limit';
import { DEMO_PASSWORD, isDatabaseEmpty, seedDemoCounty } from '../demo/seed';

/** A GraphQL operation (or, for a path, a download) sent over HTTP; answers `data`. */
export type Post = (query: string, token?: string, variables?: Record<string, unknown>) => Promise<any>;

/**
 * A scratch database (embedded, or BENCH_DATABASE_URL) with a demo county of `students`, the real
 * HTTP server on it and the demo admin's token; everything is stopped and removed afterwards.
 * A BENCH_DATABASE_URL that is already seeded is reused as it is.
 */
export async function withBenchServer(students: number, run: (bench: { orm: MikroORM; post: Post; token: string; url: string }) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiafang-bench-'));
  fs.chmodSync(dir, 0o755);
  const db = process.env.BENCH_DATABASE_URL
    ? { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres(path.join(dir, 'pg'), 'bench', () => undefined);
  const orm = await openOrm(db.url);
  try {
    await migrate(orm);
    if (await isDatabaseEmpty(orm)) {
      const t0 = Date.now();
      await seedDemoCounty(orm, { students });
      console.log(`seeded ${students} students in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } else console.log('reusing the seeded database at BENCH_DATABASE_URL');
    await orm.em.getConnection().execute('analyze');
    // A benchmark is one user sending as fast as it can: no rate limit; bulk loads need bigger bodies.
    const server = await startServer(
      { orm, jwtSecret: 'bench-secret-bench-secret-bench-secret', jwtExpiresIn: '1h', log: () => undefined, logger: pino({ level: 'silent' }), rateLimits: NO_RATE_LIMITS, limitStore: 'memory', queryLimits: { ...readQueryLimits(), bodyBytes: 512 * 1024 * 1024 } },
      0,
    );
    const post: Post = async (query, token, variables) => {
      if (query.startsWith('/')) {
        const res = await fetch(`${server.url}${query}`, { headers: { authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`${query}: HTTP ${res.status} ${await res.text()}`);
        return res.arrayBuffer();
      }
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 2000));
      return body.data;
    };
    const token = (await post(`mutation { login(username: "admin", password: "${DEMO_PASSWORD}") { token } }`)).login.token;
    try {
      await run({ orm, post, token, url: server.url });
    } finally {
      await server.close();
    }
  } finally {
    await orm.close(true);
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Loads a demo county of `argv[2]` students (default 100,000) and prints, for each query, the
 * median and p90 time over the real HTTP server and the SQL statements it costs.
 */
export async function runBench(queries: (post: Post, token: string) => Promise<Array<[string, string]>>) {
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  await withBenchServer(Number(process.argv[2] ?? 100_000), async ({ post, token }) => {
    console.log(`\n${'query'.padEnd(58)} ${'median ms'.padStart(10)} ${'p90 ms'.padStart(8)} ${'SQL'.padStart(5)}`);
    for (const [name, query] of await queries(post, token)) {
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
  });
}
