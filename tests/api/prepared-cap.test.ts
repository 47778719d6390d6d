import type { Client } from 'pg';
import { wrappedConnection } from '../support/pool-connection';

// A pool connection keeps a bounded number of statements prepared, the least recently used let go
// (db/prepared-cap.ts): on a real connection, wrapped as the pool wraps it, asking PostgreSQL what
// it holds (pg_prepared_statements is per session).

let client: Client;
let close: () => Promise<void>;
const MAX = 3;

/** The call knex makes (a config and a callback), or run-sql's (a config, a promise). */
function named(n: number, viaCallback = n % 2 === 0): Promise<number> {
  const config = { name: `s${n}`, text: `select $1::int + ${n} as v`, values: [1] };
  const read = (res: any) => res.rows[0].v as number;
  if (!viaCallback) return client.query(config).then(read);
  return new Promise((resolve, reject) => client.query(config as never, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(read(res)))));
}
const held = async () => (await client.query('select name from pg_prepared_statements order by name')).rows.map((r) => r.name as string);

beforeAll(async () => {
  ({ client, close } = await wrappedConnection(MAX));
});
afterAll(() => close());

describe('prepared statements on a connection', () => {
  it('stay at most the bound, the least recently used let go, and each still answers right when it comes back', async () => {
    for (let n = 1; n <= 3; n++) expect(await named(n)).toBe(1 + n);
    // s1 used again: s2 is now the least recently used.
    expect(await named(1)).toBe(2);
    expect(await named(4)).toBe(5);
    expect(await held()).toEqual(['s1', 's3', 's4']);
    for (let n = 5; n <= 12; n++) expect(await named(n)).toBe(1 + n);
    expect((await held()).length).toBe(MAX);
    // Let go and prepared again under its own name: no "already exists", no "does not exist".
    for (let n = 1; n <= 12; n++) expect(await named(n)).toBe(1 + n);
    expect(await held()).toEqual(['s10', 's11', 's12']);
  });

  it('sent together, without waiting for each other, each is answered and the bound holds', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => named(20 + (i % 7))));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => 21 + (i % 7)));
    expect((await held()).length).toBeLessThanOrEqual(MAX);
  });

  it('inside a transaction that failed, the one to let go stays prepared and known; after the rollback all answer', async () => {
    for (let n = 30; n <= 32; n++) await named(n);
    await client.query('BEGIN;');
    // Queued together: s33's answer lets s30 go, but its DEALLOCATE runs after the failure, refused.
    const first = named(33);
    const failing = client.query('select 1/0');
    const after = named(34);
    await expect(first).resolves.toBe(34);
    await expect(failing).rejects.toThrow(/division by zero/);
    await expect(after).rejects.toMatchObject({ code: '25P02' });
    await client.query('ROLLBACK');
    // s30 is still on the server: pg must not prepare it again under its name (42P05).
    for (const n of [30, 31, 32, 33, 34, 30]) expect(await named(n)).toBe(1 + n);
    expect((await held()).length).toBeLessThanOrEqual(MAX);
  });

  it('inside a transaction that commits, letting go is part of it and changes nothing of its work', async () => {
    await client.query('create temp table t (v int)');
    await client.query('BEGIN;');
    for (let n = 40; n <= 45; n++) await client.query({ name: `i${n}`, text: `insert into t values ($1::int + ${n})`, values: [0] });
    await client.query('COMMIT;');
    expect((await client.query('select v from t order by v')).rows.map((r) => r.v)).toEqual([40, 41, 42, 43, 44, 45]);
    expect((await held()).length).toBeLessThanOrEqual(MAX);
  });
});
