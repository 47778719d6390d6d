import { Client, Query } from 'pg';
import { createEmptyDatabase, type TestDatabase } from '../support/database';
import { useCounty } from '../support/county';
import { deferBegin } from '../../packages/api/src/db/deferred-begin';

// A pool connection sends a transaction's BEGIN with its first statement (db/deferred-begin.ts):
// checked on a real connection, recording what it sent, driven as knex drives it.

let db: TestDatabase;
let client: Client;
let sent: string[] = [];

/** The call knex makes for every statement: a config with empty values and a callback. */
function knexQuery(text: string, values: unknown[] = []): Promise<any> {
  return new Promise((resolve, reject) => client.query({ text, values } as never, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res))));
}

beforeAll(async () => {
  db = await createEmptyDatabase();
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query('create table t (id int primary key, note text)');
  // What reached the connection, after the deferral (a spy on the real client, nothing faked).
  const send = client.query.bind(client);
  client.query = ((config: any, ...rest: any[]) => {
    sent.push(typeof config === 'string' ? config : config.text);
    return send(config, ...rest);
  }) as never;
  deferBegin(client);
});
beforeEach(async () => {
  await client.query('truncate t');
  sent = [];
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

const rows = async () => (await client.query('select id from t order by id')).rows.map((r) => r.id);

describe('a held BEGIN', () => {
  it('goes out with the first statement, whose own result is answered, and the transaction commits', async () => {
    expect((await knexQuery('BEGIN;')).command).toBe('BEGIN');
    expect(sent).toEqual([]);
    const inserted = await knexQuery('insert into t values (1, $$a$$) returning id');
    expect(inserted.command).toBe('INSERT');
    expect(inserted.rows).toEqual([{ id: 1 }]);
    await knexQuery('insert into t values (2, null)');
    await knexQuery('COMMIT;');
    expect(sent).toEqual(['BEGIN; insert into t values (1, $$a$$) returning id', 'insert into t values (2, null)', 'COMMIT;']);
    expect(await rows()).toEqual([1, 2]);
  });

  it('is a real transaction: a rollback undoes the joined statement and the ones after', async () => {
    await knexQuery('BEGIN;');
    await knexQuery('insert into t values (1, null)');
    await knexQuery('insert into t values (2, null)');
    // Another session does not see them before the commit.
    const other = new Client({ connectionString: db.url });
    await other.connect();
    expect((await other.query('select count(*)::int as n from t')).rows[0].n).toBe(0);
    await other.end();
    await knexQuery('ROLLBACK');
    expect(sent.at(-1)).toBe('ROLLBACK');
    expect(await rows()).toEqual([]);
  });

  it('leaves the transaction aborted when the joined statement fails, as a BEGIN sent alone would', async () => {
    await client.query('insert into t values (1, null)');
    sent = [];
    await knexQuery('BEGIN;');
    await expect(knexQuery('insert into t values (1, null)')).rejects.toMatchObject({ code: '23505' });
    // BEGIN ran: the session is inside a failed transaction until it rolls back.
    await expect(knexQuery('insert into t values (2, null)')).rejects.toMatchObject({ code: '25P02' });
    await knexQuery('ROLLBACK');
    // The second BEGIN asks whether the first one ran: refused inside its aborted transaction.
    expect(sent).toEqual(['BEGIN; insert into t values (1, null)', 'BEGIN;', 'insert into t values (2, null)', 'ROLLBACK']);
    expect(await rows()).toEqual([1]);
    // The connection is clean afterwards: a statement outside any transaction commits at once.
    await knexQuery('insert into t values (3, null)');
    expect(await rows()).toEqual([1, 3]);
  });

  it('leaves the transaction open and aborted when the joined statement does not even parse (PostgreSQL then runs none of the message)', async () => {
    await knexQuery('BEGIN;');
    await expect(knexQuery('selec 1')).rejects.toMatchObject({ code: '42601' });
    // As after a BEGIN sent alone: refused until the rollback, and the rollback undoes all.
    await expect(knexQuery('insert into t values (1, null)')).rejects.toMatchObject({ code: '25P02' });
    await knexQuery('ROLLBACK');
    expect(await rows()).toEqual([]);
    await knexQuery('insert into t values (2, null)');
    expect(await rows()).toEqual([2]);
  });

  it('sends the BEGIN alone before a query it cannot join: a prepared one, a submittable, a promise without a callback', async () => {
    await knexQuery('BEGIN;');
    await new Promise((resolve, reject) => client.query({ name: 'probe', text: 'insert into t values (1, null)', values: [] } as never, (err: Error | null) => (err ? reject(err) : resolve(null))));
    await knexQuery('ROLLBACK');
    await knexQuery('BEGIN;');
    const submitted = client.query(new Query('insert into t values (2, null)') as never) as unknown as Query;
    await new Promise((resolve, reject) => submitted.on('end', resolve).on('error', reject));
    await knexQuery('ROLLBACK');
    await knexQuery('BEGIN;');
    await client.query('insert into t values (3, null)');
    await knexQuery('ROLLBACK');
    expect(sent.filter((x) => x === 'BEGIN;')).toHaveLength(3);
    expect(await rows()).toEqual([]);
  });

  it('goes out alone before a statement with bound values, which cannot share its message', async () => {
    await knexQuery('BEGIN;');
    await knexQuery('insert into t values ($1, $2)', [7, 'x']);
    await knexQuery('ROLLBACK');
    expect(sent).toEqual(['BEGIN;', 'insert into t values ($1, $2)', 'ROLLBACK']);
    expect(await rows()).toEqual([]);
  });

  it('sends nothing for a transaction that wrote nothing, and the next one starts afresh', async () => {
    await knexQuery('BEGIN;');
    expect((await knexQuery('COMMIT;')).command).toBe('COMMIT');
    await knexQuery('BEGIN;');
    expect((await knexQuery('ROLLBACK')).command).toBe('ROLLBACK');
    expect(sent).toEqual([]);
    // Not inside a transaction: a write outside one commits at once, seen by another session.
    await knexQuery('insert into t values (5, null)');
    expect(sent).toEqual(['insert into t values (5, null)']);
    const other = new Client({ connectionString: db.url });
    await other.connect();
    expect((await other.query('select id from t')).rows).toEqual([{ id: 5 }]);
    await other.end();
  });

  it('answers each result of a joined text of several statements, and holds only the exact BEGIN knex sends', async () => {
    await knexQuery('BEGIN;');
    const both = await knexQuery('insert into t values (1, null); select count(*)::int as n from t');
    expect(both.map((r: { command: string }) => r.command)).toEqual(['INSERT', 'SELECT']);
    expect(both[1].rows).toEqual([{ n: 1 }]);
    await knexQuery('COMMIT;');
    // A transaction with an isolation level is sent as it comes.
    await knexQuery('BEGIN ISOLATION LEVEL SERIALIZABLE');
    await knexQuery('COMMIT;');
    expect(sent).toEqual(['BEGIN; insert into t values (1, null); select count(*)::int as n from t', 'COMMIT;', 'BEGIN ISOLATION LEVEL SERIALIZABLE', 'COMMIT;']);
  });
});

describe('the API pool', () => {
  const t = useCounty();

  it('joins a transaction’s BEGIN to its first statement on every connection, all or nothing', async () => {
    const conn = t.app.orm.em.getConnection();
    await conn.execute('create table if not exists deferral_probe (id int primary key)');
    // One message: the transaction began with the statement's own message (BEGIN sent alone would
    // have started it a message earlier). The next statement is a message of its own.
    const em = t.app.orm.em.fork();
    const first = await Promise.all(
      [0, 1, 2].map(async () => {
        const tx = t.app.orm.em.fork();
        await tx.begin();
        const ask = () => tx.getConnection().execute<Array<{ joined: boolean; pid: number }>>('select now() = statement_timestamp() as joined, pg_backend_pid() as pid, pg_sleep(0.05)', [], 'all', tx.getTransactionContext());
        const [a] = await ask();
        const [b] = await ask();
        await tx.commit();
        return { a, b };
      }),
    );
    expect(new Set(first.map((x) => x.a.pid)).size).toBe(3);
    for (const { a, b } of first) expect([a.joined, b.joined]).toEqual([true, false]);
    // A write that fails after its first statement leaves nothing.
    await expect(
      em.transactional(async (tx) => {
        await tx.getConnection().execute('insert into deferral_probe values (1)', [], 'run', tx.getTransactionContext());
        throw new Error('after the first statement');
      }),
    ).rejects.toThrow('after the first statement');
    expect(await conn.execute('select id from deferral_probe')).toEqual([]);
    await conn.execute('drop table deferral_probe');
  });
});
