import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { makeIdNumber } from '../../packages/api/src/core/validation/id-number';

// Many editors at once, each a real HTTP request against the real server and PostgreSQL: a write
// based on a version someone else has moved is refused, never silently applied over their change.

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
beforeAll(async () => {
  app = await startTestApp();
  county = await createCounty(app);
});
afterAll(() => app.close());

let serial = 0;
const student = (name: string) => {
  serial++;
  const day = new Date(Date.UTC(2013, 0, 1) + serial * 86_400_000).toISOString().slice(0, 10);
  return { name, gender: 'FEMALE', idNumber: makeIdNumber('610526', day, 7, 'FEMALE'), birthDate: day, schoolId: county.schools.A };
};
const admin = (q: string, v?: Record<string, unknown>) => app.gql(q, v, county.users.BUREAU_ADMIN);

async function createStudents(n: number, tag: string): Promise<string[]> {
  const res = await admin('mutation ($d: [StudentInput!]!) { r: createManyStudents(data: $d) { rows { id } } }', {
    d: Array.from({ length: n }, (_, i) => student(`${tag}${i}`)),
  });
  return res.data.r.rows.map((r: { id: string }) => r.id);
}

const notesOf = async (ids: string[]) => {
  const rows = await app.sql<{ id: string; note: string | null; version: number }>('select id, note, version from student where id = any(?::uuid[]) order by id', [`{${ids.join(',')}}`]);
  return rows;
};

const UPDATE_MANY = `mutation ($d: [StudentUpdateInput!]!, $m: BulkMode) { r: updateManyStudents(data: $d, mode: $m) {
  committed updated failed rows { index status version code rule } } }`;

/** Every answer was an answer: no internal error, no unexpected code. */
function expectOnlyConflicts(results: Array<{ errors?: Array<{ extensions?: Record<string, any> }> }>) {
  for (const r of results) for (const e of r.errors ?? []) expect(e.extensions?.code).toBe('CONFLICT');
}

describe('bulk edits at the same versions', () => {
  it.each(['ALL_OR_NOTHING', 'VALID_ONLY'])('two editors of the same two rows: exactly one commits (%s)', async (mode) => {
    const ids = await createStudents(2, `二人${mode}`);
    const write = (who: string) => admin(UPDATE_MANY, { m: mode, d: ids.map((id) => ({ id, version: 1, note: who })) });
    const [a, b] = await Promise.all([write('甲'), write('乙')]);
    const won = [a, b].filter((r) => r.data?.r.updated === 2);
    expect(won).toHaveLength(1);
    const lost = a === won[0] ? b : a;
    // The other call's rows are refused as stale: nothing of it was written.
    expect(lost.data.r.updated).toBe(0);
    expect(lost.data.r.rows.every((r: any) => r.status !== 'UPDATED')).toBe(true);
    expect(lost.data.r.rows.some((r: any) => r.rule === 'STALE_VERSION')).toBe(true);
    const winner = won[0] === a ? '甲' : '乙';
    const stored = await notesOf(ids);
    expect(stored.map((s) => [s.note, s.version])).toEqual([[winner, 2], [winner, 2]]);
  });

  it('20 editors read-modify-write the same 10 rows for 8 rounds: one commit per round, no mark lost', async () => {
    const ids = await createStudents(10, '二十人');
    const editors = Array.from({ length: 20 }, (_, i) => `e${i}`);
    let commits = 0;
    let acknowledged = 0;
    const internal: unknown[] = [];
    for (let round = 0; round < 8; round++) {
      // Every editor reads the rows, appends its mark to each, and writes them back at the version it read.
      const results = await Promise.all(
        editors.map(async (e) => {
          const read = await admin('query ($ids: [ID!]) { allStudents(filter: { ids: $ids }) { id version note } }', { ids });
          const rows = read.data.allStudents as Array<{ id: string; version: number; note: string | null }>;
          const res = await admin(UPDATE_MANY, {
            m: 'ALL_OR_NOTHING',
            d: rows.map((r) => ({ id: r.id, version: r.version, note: `${r.note ?? ''}|${e}.${round}` })),
          });
          if (res.errors) internal.push(res.errors);
          if (res.data?.r.committed) {
            commits++;
            acknowledged += res.data.r.updated;
            return `${e}.${round}`;
          }
          return null;
        }),
      );
      expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    }
    expect(internal).toEqual([]);
    const stored = await notesOf(ids);
    // Every acknowledged row write left its mark, and nothing else did.
    const marks = stored.map((s) => (s.note ?? '').split('|').filter(Boolean));
    expect(marks.flat()).toHaveLength(acknowledged);
    for (const m of marks) expect(m).toEqual(marks[0]);
    expect(stored.every((s) => s.version === 1 + commits)).toBe(true);
    // At least one per round (an editor reading after a commit may commit again in the same round).
    expect(commits).toBeGreaterThanOrEqual(8);
  });
});

describe('single updates', () => {
  it('need the version the editor read', async () => {
    const [id] = await createStudents(1, '无版本');
    const res = await admin('mutation ($id: ID!) { updateStudent(id: $id, note: "盲写") { id } }', { id });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    expect((await notesOf([id]))[0]).toMatchObject({ note: null, version: 1 });
  });

  it('20 editors of one record at the same version: one saves, 19 are told it moved', async () => {
    const [id] = await createStudents(1, '单条');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => admin('mutation ($id: ID!, $n: String) { updateStudent(id: $id, version: 1, note: $n) { version } }', { id, n: `第${i}位` })),
    );
    const saved = results.filter((r) => r.data?.updateStudent);
    expect(saved).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'STALE_VERSION' });
    const i = results.indexOf(saved[0]);
    expect((await notesOf([id]))[0]).toMatchObject({ note: `第${i}位`, version: 2 });
  });
});

describe('overlapping bulk edits', () => {
  it('in opposite orders never deadlock into an internal error', async () => {
    const ids = await createStudents(30, '交错');
    const forward = [...ids];
    const backward = [...ids].reverse();
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const order = i % 2 ? forward : backward;
        return i % 3 === 0
          ? admin('mutation ($ids: [ID!]!, $d: StudentPatch!) { updateStudents(ids: $ids, data: $d) }', { ids: order, d: { note: `批${i}` } })
          : admin(
              'mutation ($d: [StudentUpdateInput!]!) { r: updateManyStudents(data: $d) { committed } }',
              // Without a version read first, the latest: most of these are refused as stale, which is fine.
              { d: order.map((id) => ({ id, version: 1, note: `行${i}` })) },
            );
      }),
    );
    expectOnlyConflicts(results);
    expect(results.filter((r) => r.data?.updateStudents).length).toBe(8);
  });
});

describe('copies of one request with one idempotency key', () => {
  const CREATE = `mutation ($d: [StudentInput!]!, $k: String) { r: createManyStudents(data: $d, idempotencyKey: $k) {
    committed replayed created failed rows { index status id version code rule } } }`;

  it('20 copies sent at once: written once, and all 20 get the same answer', async () => {
    const data = Array.from({ length: 40 }, (_, i) => student(`幂等${i}`));
    const key = `copies-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => admin(CREATE, { d: data, k: key })));
    expect(answers.filter((a) => a.errors)).toEqual([]);
    const firsts = answers.filter((a) => !a.data.r.replayed);
    expect(firsts).toHaveLength(1);
    const { replayed: _r, ...first } = firsts[0].data.r;
    expect(first).toMatchObject({ committed: true, created: 40, failed: 0 });
    for (const a of answers) {
      const { replayed: _x, ...rest } = a.data.r;
      expect(rest).toEqual(first);
    }
    const [{ n }] = await app.sql<{ n: number }>("select count(*)::int as n from student where name like '幂等%'");
    expect(n).toBe(40);
  });

  it('the same for bulk updates: no copy reports the first copy\'s rows as stale', async () => {
    const ids = await createStudents(5, '幂等改');
    const key = `update-copies-${Date.now()}`;
    const d = ids.map((id) => ({ id, version: 1, note: '一次' }));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => admin('mutation ($d: [StudentUpdateInput!]!, $k: String) { r: updateManyStudents(data: $d, idempotencyKey: $k) { committed replayed updated rows { status rule } } }', { d, k: key })),
    );
    expect(answers.filter((a) => a.errors)).toEqual([]);
    for (const a of answers) expect(a.data.r).toMatchObject({ committed: true, updated: 5 });
    expect(answers.filter((a) => !a.data.r.replayed)).toHaveLength(1);
    expect((await notesOf(ids)).map((s) => s.version)).toEqual([2, 2, 2, 2, 2]);
  });

  it('a copy that waits longer than allowed is told to retry, and the retry replays', async () => {
    const data = Array.from({ length: 3000 }, (_, i) => student(`慢${i}`));
    const key = `slow-${Date.now()}`;
    process.env.IDEMPOTENCY_WAIT_SECONDS = '0.05';
    try {
      const first = admin(CREATE.replace('rows {', 'rowsCount: total rows {'), { d: data, k: key });
      await new Promise((r) => setTimeout(r, 150));
      const copy = await admin(CREATE, { d: data, k: key });
      expect(copy.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_IN_PROGRESS', retryable: true, field: 'idempotencyKey' });
      expect((await first).data.r).toMatchObject({ committed: true, replayed: false, created: 3000 });
    } finally {
      delete process.env.IDEMPOTENCY_WAIT_SECONDS;
    }
    const retry = await admin(CREATE, { d: data, k: key });
    expect(retry.data.r).toMatchObject({ committed: true, replayed: true, created: 3000 });
  });
});

describe('a deadlock PostgreSQL breaks', () => {
  it('is a CONFLICT the client may retry, and nothing of the request is written', async () => {
    const ids = (await createStudents(2, '死锁')).sort();
    const other = new Client({ connectionString: app.db.url });
    await other.connect();
    try {
      // Another writer holds the second row and, once the request waits for it, asks for the first.
      await other.query('begin');
      await other.query('select 1 from student where id = $1 for update', [ids[1]]);
      const request = admin(UPDATE_MANY, { d: ids.map((id) => ({ id, version: 1, note: '请求' })) });
      await new Promise((r) => setTimeout(r, 300));
      // This session waits longer before checking, so PostgreSQL breaks the request's transaction.
      await other.query("set local deadlock_timeout = '10s'");
      const otherLock = other.query('select 1 from student where id = $1 for update', [ids[0]]);
      const res = await request;
      await otherLock;
      await other.query("update student set note = '另一位' where id = any($1::uuid[])", [ids]);
      await other.query('commit');
      expect(res.errors?.[0].extensions).toEqual({ code: 'CONFLICT', rule: 'DEADLOCK', retryable: true });
      expect((await notesOf(ids)).map((s) => s.note)).toEqual(['另一位', '另一位']);
    } finally {
      await other.end();
    }
  });
});
