import type { Client } from 'pg';
import fc from 'fast-check';
import { wrappedConnection } from '../support/pool-connection';
import { StatementPipeline, type PipedStatement } from '../../packages/api/src/db/statement-pipeline';

// Several statements in one message (db/statement-pipeline.ts), on a real connection wrapped as
// the pool wraps it: each answered with its own rows, the first failure the whole's answer, the
// connection's prepared statements known exactly afterwards (a name parsed twice is an error
// PostgreSQL gives; one thought prepared and not is another), and the bound on them kept.

let client: Client;
let close: () => Promise<void>;
const MAX = 4;

function run(statements: PipedStatement[]): Promise<Array<Array<Record<string, unknown>>>> {
  return new Promise((resolve, reject) => {
    client.query(new StatementPipeline(statements, client as never, (err, rows) => (err ? reject(err) : resolve(rows!))) as never);
  });
}
const named = (n: number, extra = ''): PipedStatement => ({ name: `p${n}`, text: `select $1::int + ${n} as v${extra}`, values: [1] });
const held = async () => (await client.query('select name from pg_prepared_statements order by name')).rows.map((r) => r.name as string);
const values = (rows: Array<Array<Record<string, unknown>>>) => rows.map((r) => r.map((x) => x.v));

beforeAll(async () => {
  ({ client, close } = await wrappedConnection(MAX));
  await client.query('create table t (id int primary key, name text not null, born date, tags text[])');
  await client.query(`insert into t values (1, '张三', '2015-03-01', '{a,b}'), (2, '李四', null, '{}')`);
});
afterAll(() => close());

describe('a message of several statements', () => {
  it('answers each with its own rows, typed as pg types them, named ones prepared once', async () => {
    const statements: PipedStatement[] = [
      { name: 'rows', text: 'select id, name, born, tags from t where id = any($1::int[]) order by id', values: [[1, 2]] },
      { text: 'select count(*)::int as n from t where name = $1', values: ['张三'] },
      { name: 'none', text: 'select id from t where id = $1', values: [99] },
    ];
    for (let i = 0; i < 2; i++) {
      const [rows, count, none] = await run(statements);
      expect(rows).toEqual([
        { id: 1, name: '张三', born: expect.any(Date), tags: ['a', 'b'] },
        { id: 2, name: '李四', born: null, tags: [] },
      ]);
      expect(count).toEqual([{ n: 1 }]);
      expect(none).toEqual([]);
    }
    expect(await held()).toEqual(['none', 'rows']);
  });

  it('answers with the first failure, runs nothing after it, and knows which statements were prepared', async () => {
    // p1 parses and runs, p2 fails when run (division by zero), p3 never runs.
    await expect(run([named(1), { name: 'p2', text: 'select 1 / ($1::int - 1) as v', values: [1] }, named(3)])).rejects.toMatchObject({ code: '22012' });
    // p1 and p2 were parsed (p2 failed only when run), p3 never was: each known as it is, none parsed twice now.
    expect(await held()).toEqual(expect.arrayContaining(['p1', 'p2']));
    expect(await held()).not.toContain('p3');
    expect(values(await run([named(1), named(3), { name: 'p2', text: 'select 1 / ($1::int - 1) as v', values: [2] }]))).toEqual([[2], [4], [1]]);
    // A statement that does not parse: those before it were parsed, it and the rest were not.
    await expect(run([named(5), { name: 'bad', text: 'selec $1', values: [1] }, named(6)])).rejects.toMatchObject({ code: '42601' });
    expect(values(await run([named(6), named(5)]))).toEqual([[7], [6]]);
    // The connection goes on as before.
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('refuses a value it cannot send, and a name already standing for another text, sending nothing', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(values(await run([named(1)]))).toEqual([[2]]);
    await expect(run([named(1), { text: 'select $1::json as v', values: [circular] }])).rejects.toThrow(/circular/i);
    await expect(run([named(1, ' -- another text')])).rejects.toThrow(/different statement/);
    expect(values(await run([named(1)]))).toEqual([[2]]);
  });

  it('inside a transaction: reads what the transaction wrote, and a failure aborts it', async () => {
    await client.query('BEGIN;');
    await client.query("insert into t values (3, '王五', null, '{}')");
    expect(await run([{ name: 'count', text: 'select count(*)::int as v from t where id > $1', values: [0] }]).then(values)).toEqual([[3]]);
    await expect(run([{ text: 'select 1/0 as v', values: [] }])).rejects.toMatchObject({ code: '22012' });
    await expect(client.query('select 1')).rejects.toMatchObject({ code: '25P02' });
    await client.query('ROLLBACK');
    expect(await run([{ name: 'count', text: 'select count(*)::int as v from t where id > $1', values: [0] }]).then(values)).toEqual([[2]]);
  });

  it('keeps the connection’s prepared statements within the bound, whatever mix of names comes, each answered right', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer({ min: 10, max: 22 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), async (messages) => {
        // Sent together: pipelines and single prepared queries queued on the connection at once.
        const answers = await Promise.all(messages.map((ns, i) => (i % 3 === 2 ? client.query({ name: `p${ns[0]}`, text: named(ns[0]).text, values: [1] }).then((r) => [[r.rows[0].v]]) : run(ns.map((n) => named(n))).then(values))));
        answers.forEach((a, i) => expect(a).toEqual(i % 3 === 2 ? [[messages[i][0] + 1]] : messages[i].map((n) => [n + 1])));
        // A message of more distinct names than the bound prepares them all; the next answer lets the surplus go.
        await client.query({ name: 'p10', text: named(10).text, values: [1] });
        expect((await held()).length).toBeLessThanOrEqual(MAX);
      }),
      { numRuns: 40 },
    );
  });
});
