import { Client, Query } from 'pg';
import { createEmptyDatabase, type TestDatabase } from '../support/database';
import { useCounty } from '../support/county';
import { holdStatements, withNext } from '../../packages/api/src/db/held-statements';
import { messagesOf } from '../support/pool-messages';

// A pool connection sends a transaction's BEGIN, and statements marked withNext, with the statement
// after them (db/held-statements.ts): checked on a real connection, recording what it sent, driven
// as knex drives it.

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
  holdStatements(client);
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

describe('a statement marked withNext', () => {
  const marked = (id: number) => withNext(`insert into t values (${id}, 'held')`);

  it('goes out inside a transaction with the next statement, ended by its own semicolon, and commits with the COMMIT', async () => {
    await knexQuery('BEGIN;');
    expect((await knexQuery(marked(1))).rows).toEqual([]);
    const next = await knexQuery('insert into t values (2, null) returning id');
    expect(next.rows).toEqual([{ id: 2 }]);
    expect(await knexQuery(marked(3))).toMatchObject({ rows: [] });
    expect((await knexQuery('COMMIT;')).command).toBe('COMMIT');
    // Without the `;` between them, `COMMIT` would read as the insert's alias and nothing would commit.
    expect(sent).toEqual([`BEGIN; ${marked(1)}; insert into t values (2, null) returning id`, `${marked(3)}; COMMIT;`]);
    expect(await rows()).toEqual([1, 2, 3]);
    // The connection is out of the transaction: the next statement commits on its own.
    await knexQuery('insert into t values (4, null)');
    expect(await rows()).toEqual([1, 2, 3, 4]);
  });

  it('is sent at once outside a transaction, and dropped by a ROLLBACK', async () => {
    await knexQuery(marked(1));
    expect(sent).toEqual([marked(1)]);
    await knexQuery('BEGIN;');
    await knexQuery('insert into t values (2, null)');
    await knexQuery(marked(3));
    await knexQuery('ROLLBACK');
    expect(sent.slice(1)).toEqual(['BEGIN; insert into t values (2, null)', 'ROLLBACK']);
    expect(await rows()).toEqual([1]);
  });

  /** A transaction that wrote row 2 and holds a statement that will fail: row 1 is there already. */
  async function holdingADuplicate(): Promise<void> {
    await client.query('insert into t values (1, null)');
    sent = [];
    await knexQuery('BEGIN;');
    await knexQuery('insert into t values (2, null)');
    await knexQuery(marked(1));
  }

  it('that fails with the COMMIT: the COMMIT answers its error, the transaction is rolled back and the connection is clean', async () => {
    await holdingADuplicate();
    await expect(knexQuery('COMMIT;')).rejects.toMatchObject({ code: '23505' });
    expect(sent).toEqual(['BEGIN; insert into t values (2, null)', `${marked(1)}; COMMIT;`, 'ROLLBACK']);
    expect(await rows()).toEqual([1]);
    await knexQuery('insert into t values (5, null)');
    expect(await rows()).toEqual([1, 5]);
  });

  it('that fails with the next statement: that statement answers the error and the transaction stays aborted', async () => {
    await holdingADuplicate();
    await expect(knexQuery('insert into t values (3, null)')).rejects.toMatchObject({ code: '23505' });
    await expect(knexQuery('insert into t values (4, null)')).rejects.toMatchObject({ code: '25P02' });
    await knexQuery('ROLLBACK');
    expect(await rows()).toEqual([1]);
  });

  it('goes first in a message of its own before a statement with bound values, after a held BEGIN sent alone; if it fails, that statement and the COMMIT answer its error', async () => {
    await knexQuery('BEGIN;');
    await knexQuery(withNext('selec 1'));
    // The BEGIN is not in the held statement's message: that one does not parse, so PostgreSQL
    // would run none of it, and the statement after would commit on its own.
    // It meets the transaction the held statement aborted, and answers that statement's error.
    await expect(knexQuery('insert into t values ($1, $2)', [2, 'bound'])).rejects.toMatchObject({ code: '42601' });
    await expect(knexQuery('COMMIT;')).rejects.toMatchObject({ code: '42601' });
    expect(sent).toEqual(['BEGIN;', `${withNext('selec 1')};`, 'insert into t values ($1, $2)', 'ROLLBACK']);
    expect(await rows()).toEqual([]);
    await knexQuery('insert into t values (3, null)');
    expect(await rows()).toEqual([3]);
  });

  it('inside a savepoint: dropped by a ROLLBACK TO SAVEPOINT, and a failure after the savepoint no longer stops the COMMIT once rolled back to it', async () => {
    await client.query('insert into t values (9, null)');
    sent = [];
    await knexQuery('BEGIN;');
    await knexQuery('insert into t values (1, null)');
    await knexQuery('SAVEPOINT trx1');
    await knexQuery(marked(2));
    await knexQuery('ROLLBACK TO SAVEPOINT trx1');
    await knexQuery('SAVEPOINT trx2');
    await knexQuery(marked(3));
    await expect(knexQuery('insert into t values (9, null)')).rejects.toMatchObject({ code: '23505' });
    await knexQuery('ROLLBACK TO SAVEPOINT trx2');
    await knexQuery(marked(4));
    expect((await knexQuery('COMMIT;')).command).toBe('COMMIT');
    expect(sent).toEqual([
      'BEGIN; insert into t values (1, null)',
      'SAVEPOINT trx1',
      'ROLLBACK TO SAVEPOINT trx1',
      'SAVEPOINT trx2',
      `${marked(3)}; insert into t values (9, null)`,
      'BEGIN;',
      'ROLLBACK TO SAVEPOINT trx2',
      `${marked(4)}; COMMIT;`,
    ]);
    expect(await rows()).toEqual([1, 4, 9]);
  });

  it('is held only once a BEGIN of its own text succeeded: after a refused one it is sent at once', async () => {
    await expect(knexQuery('BEGIN ISOLATION LEVEL NONSENSE')).rejects.toMatchObject({ code: '42601' });
    await knexQuery(marked(1));
    expect(sent).toEqual(['BEGIN ISOLATION LEVEL NONSENSE', marked(1)]);
    expect(await rows()).toEqual([1]);
    await knexQuery('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await knexQuery(marked(2));
    await knexQuery('ROLLBACK');
    expect(await rows()).toEqual([1]);
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

describe('a write’s audit row', () => {
  const t = useCounty();
  const admin = (q: string, v?: Record<string, unknown>) => t.app.gql(q, v, t.county.users.BUREAU_ADMIN);

  it('goes with the COMMIT of the write: a care check in two messages, its BEGIN, record, audit row and COMMIT in the last', async () => {
    const add = 'mutation ($s: ID!, $t: ID!) { createCareCheck(studentId: $s, kind: DAILY_ASK, date: "2024-10-08", staffId: $t, note: "孩子问：什么时候放假?") { id } }';
    let id = '';
    const messages = await messagesOf(t.app, async () => {
      const res = await admin(add, { s: t.county.students.s1, t: t.county.staff.teacherStaff });
      expect(res.errors).toBeUndefined();
      id = res.data.createCareCheck.id;
    });
    // The references (student and staff) with the rule's facts, three prepared statements in one
    // message; then the transaction: the new row asks nothing back (its version is 1), so it waits
    // for the COMMIT too.
    expect(messages).toHaveLength(2);
    const lookups = messages[0].split(' | ');
    expect(lookups).toHaveLength(3);
    // Each prepared (its text shown only where this connection parses it the first time).
    expect(lookups.every((m) => m.startsWith('prepared jf_'))).toBe(true);
    expect(messages[1]).toMatch(/^BEGIN; \/\* with next \*\/ insert into "care_check" \([^)]*\) values \([^;]*\); \/\* with next \*\/ insert into "audit_event" .*; COMMIT;$/s);
    expect(messages[1]).not.toMatch(/returning/);
    const [event] = await t.app.sql("select action, role, after from audit_event where record_id = ? and resource = 'CareCheck'", [id]);
    expect(event).toMatchObject({ action: 'CREATE', role: 'BUREAU_ADMIN', after: { id, kind: 'DAILY_ASK', note: '[已隐去]' } });
    const [row] = await t.app.sql('select version from care_check where id = ?', [id]);
    expect(row.version).toBe(1);
  });

  it('reads a campaign visit’s roster entry and earlier visits with its references: two messages, and the rule still refuses a second visitor', async () => {
    const campaign = (await t.app.ok('mutation { createCampaign(name: "秋季大家访", kind: COVERAGE, schoolYear: "2024-2025", startDate: "2024-09-02", endDate: "2025-01-31") { id } }', {}, t.county.users.BUREAU_ADMIN)).createCampaign.id;
    const visit = 'mutation ($c: ID!, $s: ID!, $t: ID!) { createVisitRecord(campaignId: $c, studentId: $s, visitorId: $t, form: PHONE) { id } }';
    const messages = await messagesOf(t.app, async () => {
      const res = await admin(visit, { c: campaign, s: t.county.students.s2, t: t.county.staff.teacherStaff });
      expect(res.errors).toBeUndefined();
    });
    // The campaign, student and visitor with the rule's read, then the transaction.
    expect(messages).toHaveLength(2);
    expect(messages[0].split(' | ')).toHaveLength(4);
    expect(messages[1]).toMatch(/^BEGIN; .*insert into "visit_record".*COMMIT;$/s);
    // The first visitor keeps the student for the campaign: another is refused with what was read ahead.
    const other = await admin(visit, { c: campaign, s: t.county.students.s2.toUpperCase(), t: t.county.staff.otherStaff });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'ONE_VISITOR_PER_CAMPAIGN', assignedStaffId: t.county.staff.teacherStaff });
  });

  it('leaves an insert that asks for more than the version to answer at once, and answers a new record’s version as stored', async () => {
    const res = await admin('mutation { createStudent(name: "版本检查", gender: MALE, birthDate: "2016-05-05") { id version } }');
    expect(res.errors).toBeUndefined();
    const [row] = await t.app.sql('select version from student where id = ?', [res.data.createStudent.id]);
    expect(res.data.createStudent.version).toBe(row.version);
    expect(row.version).toBe(1);
  });

  it('sent with the COMMIT and refused there answers as it did alone: 12 clerks record one child’s day at once, one is written', async () => {
    // Same child, kind and day: each passes the rule's read (no record yet), and the unique key
    // refuses all but the first at their COMMIT, where the held row now meets the database.
    const add = 'mutation ($s: ID!, $t: ID!) { createCareCheck(studentId: $s, kind: DAILY_ASK, date: "2024-10-09", staffId: $t) { id } }';
    const vars = { s: t.county.students.s1, t: t.county.staff.teacherStaff };
    const answers = await Promise.all(Array.from({ length: 12 }, () => admin(add, vars)));
    const written = answers.filter((a) => !a.errors);
    expect(written).toHaveLength(1);
    for (const a of answers.filter((x) => x.errors)) {
      expect(a.data?.createCareCheck ?? null).toBeNull();
      // The rule's own answer when the first had committed before its read; the key's otherwise,
      // named as the whole key (not "学生已存在").
      const e = a.errors![0];
      if (e.extensions?.rule === 'UNIQUE') expect(e).toMatchObject({ message: '已有学生、关爱方式与日期相同的关爱记录，不能重复', extensions: { code: 'CONFLICT', field: 'date', key: 'STUDENT_KIND_DATE' } });
      else expect(e.extensions).toMatchObject({ code: 'CONFLICT', field: 'date', rule: 'ONE_CARE_CHECK_PER_DAY' });
      expect(JSON.stringify(a.errors)).not.toMatch(/care_check|_unique|insert into/);
    }
    const rows = await t.app.sql("select id from care_check where student_id = ? and date = '2024-10-09'", [vars.s]);
    expect(rows).toEqual([{ id: written[0].data.createCareCheck.id }]);
    const events = await t.app.sql("select record_id from audit_event where resource = 'CareCheck' and after->>'date' = '2024-10-09'");
    expect(events).toEqual([{ record_id: written[0].data.createCareCheck.id }]);
  });

  it('keeps a `?` written in a value (knex would read one as a placeholder in a statement with bound values)', async () => {
    const s = t.county.students.s2;
    const [{ version }] = await t.app.sql('select version from student where id = ?', [s]);
    const res = await admin('mutation ($id: ID!, $v: Int!) { updateStudent(id: $id, version: $v, name: "王？小?明") { id version } }', { id: s, v: version });
    expect(res.errors).toBeUndefined();
    const events = await t.app.sql("select action, record_label, after from audit_event where record_id = ? and action = 'UPDATE'", [s]);
    expect(events).toEqual([{ action: 'UPDATE', record_label: '王？小?明', after: { name: '王？小?明' } }]);
  });

  it('follows a write whose one reference is looked up in reach by a prepared statement, planned once per connection', async () => {
    let res: any;
    await admin('{ me { username } }'); // the viewer read again after a student was written, before, not in, the messages
    const messages = await messagesOf(t.app, async () => {
      res = await admin('mutation ($s: ID!) { createDropoutCase(studentId: $s) { id } }', { s: t.county.students.s3 });
    });
    expect(res.errors).toBeUndefined();
    // A named statement: parsed once per connection (its text shows on its first use only), then
    // bound by name. Unnamed, it would be parsed and planned on every write.
    expect(messages[0]).toMatch(/^prepared jf_\w+($|: select t0\."id", t0\."version", .* from "student" t0 where t0\."id" = any\(\$1::uuid\[\]\))/);
    expect(messages.filter((m) => m.startsWith('select t0.* from "student"'))).toEqual([]);
    expect(messages.at(-1)).toMatch(/^BEGIN; \/\* with next \*\/ insert into "dropout_case" .*; \/\* with next \*\/ insert into "audit_event" .*; COMMIT;$/s);
  });

  it('reads an edited student with its references in one prepared statement, the rules reading them loaded', async () => {
    const edit = 'mutation ($id: ID!, $v: Int!, $c: ID, $n: String) { updateStudent(id: $id, version: $v, classId: $c, note: $n) { id version classId } }';
    const row = async () => (await admin('query ($id: ID!) { Student(id: $id) { version classId } }', { id: t.county.students.s1 })).data.Student;
    const { version } = await row();
    let res: any;
    const messages = await messagesOf(t.app, async () => {
      res = await admin(edit, { id: t.county.students.s1, v: version, n: '电话核实住址' });
    });
    expect(res.errors).toBeUndefined();
    // The row with every writable reference joined, named (its text shows where a connection
    // parses it), then the transaction: not a query the ORM builds and PostgreSQL plans each edit.
    expect(messages[0]).toMatch(/^prepared jf_\w+($|: select t0\."id", .* from "student" t0( left join "\w+" r\d+ on r\d+\."id" = t0\."\w+")+ where t0\."id" = \$1 and )/s);
    if (messages[0].includes(': ')) expect(messages[0]).toMatch(/left join "school" .* left join "school_class" /);
    expect(messages.filter((m) => m.includes('"s0".*'))).toEqual([]);
    expect(messages.slice(1).every((m) => m.startsWith('BEGIN') || m.startsWith('/* with next */'))).toBe(true);
    // A principal's edit is found in reach on the loaded row: no reach query after the flush.
    const current = (await row()).version;
    await t.app.gql('{ me { username } }', {}, t.county.users.SCHOOL_ADMIN);
    const principal = await messagesOf(t.app, async () => {
      const r = await t.app.gql(edit, { id: t.county.students.s1, v: current, n: '复核' }, t.county.users.SCHOOL_ADMIN);
      expect(r.errors).toBeUndefined();
    });
    expect(principal).toHaveLength(3);
    expect(principal[0]).toMatch(/^prepared jf_/);
    // A class of another school than the student's is refused by the rule reading the loaded school.
    const moved = await admin(edit, { id: t.county.students.s1, v: (await row()).version, c: t.county.classes.B1 });
    expect(moved.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'classId', rule: 'CLASS_NOT_IN_SCHOOL' });
    expect((await row()).classId).not.toBe(t.county.classes.B1);
  });

  it('that the database refuses undoes the write with it: nothing half-written, and the pool goes on', async () => {
    // A fault injected into the trail alone: events naming this label are refused by the database.
    await t.app.sql("alter table audit_event add constraint refuse_probe check (record_label is distinct from '拒绝记录')");
    try {
      const before = (await t.app.sql('select count(*)::int as n from audit_event'))[0].n;
      const answers = await Promise.all(
        [0, 1, 2, 3].map(() => admin('mutation { createStudent(name: "拒绝记录", gender: MALE, birthDate: "2016-05-05") { id } }')),
      );
      for (const a of answers) {
        expect(a.data?.createStudent ?? null).toBeNull();
        // As any check the database refuses (db/db-errors.ts), without naming what refused it.
        expect(a.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(a.errors)).not.toMatch(/audit_event|refuse_probe|insert into/);
      }
      expect(await t.app.sql("select id from student where name = '拒绝记录'")).toEqual([]);
      expect((await t.app.sql('select count(*)::int as n from audit_event'))[0].n).toBe(before);
    } finally {
      await t.app.sql('alter table audit_event drop constraint refuse_probe');
    }
    // Every pool connection is out of its transaction: writes on all of them commit.
    const made = await Promise.all([0, 1, 2, 3].map((i) => admin(`mutation { createStudent(name: "记录${i}", gender: MALE, birthDate: "2016-05-05") { id } }`)));
    expect(made.map((m) => m.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(await t.app.sql("select count(*)::int as n from student where name like '记录_'")).toEqual([{ n: 4 }]);
    expect(await t.app.sql("select count(*)::int as n from audit_event where record_label like '记录_'")).toEqual([{ n: 4 }]);
  });

  // Last: it deletes the county's admin.
  it('of a user deleting their own account names them without linking them: the delete commits', async () => {
    const me = (await admin('{ me { id displayName username } }')).data.me;
    const res = await admin('mutation ($id: ID!) { deleteUser(id: $id) { id } }', { id: me.id });
    expect(res.errors).toBeUndefined();
    expect(await t.app.sql('select id from "user" where id = ?', [me.id])).toEqual([]);
    const [event] = await t.app.sql("select actor_id, actor_name, action from audit_event where resource = 'User' and action = 'DELETE' and record_id = ?", [me.id]);
    expect(event).toEqual({ actor_id: null, actor_name: me.displayName ?? me.username, action: 'DELETE' });
  });
});
