import pg from 'pg';
import { useCounty } from '../support/county';
import { FIXTURE_PASSWORD } from '../support/fixtures';
import { TOKEN_ROW_COLUMNS, userStatement } from '../../packages/api/src/http/viewer';
import { TOKEN_COLUMNS } from '../../packages/api/src/db/migrations/Migration20261207100000_api_token_changes';
import { LISTENER_NAME } from '../../packages/api/src/http/viewer-cache';

// Each process remembers its users' rows between requests and forgets them when the database says
// a table they are built from changed (http/viewer-cache.ts). What must hold: a change made
// anywhere ends or grants access as before, at once in the process that made it and within
// milliseconds in another.

const t = useCounty();
const ONE_STUDENT = '{ allStudents(perPage: 1) { id } }';

/** Another process's connection: its writes reach the server only through the database. */
async function otherProcess<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: t.app.db.url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Polls until `ok` holds (at most `ms`); answers how long it took. */
async function within(ms: number, ok: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}

const refused = async (token: string) => (await t.app.gql('{ me { id } }', {}, token)).errors?.[0]?.extensions?.code === 'UNAUTHENTICATED';

/** Whether the viewer reads the student (out of reach reads as not found). */
async function readsStudent(token: string, id: string): Promise<boolean> {
  const res = await t.app.gql('query ($id: ID!) { Student(id: $id) { id } }', { id }, token);
  if (res.data?.Student?.id === id) return true;
  expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  return false;
}

describe('users remembered between requests', () => {
  it('reads a user once, not on every request', async () => {
    const token = t.county.users.BUREAU_ADMIN;
    await t.app.ok(ONE_STUDENT, {}, token);
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token)));
    expect(counts).toEqual([1, 1, 1]);
  });

  it('is read again after this process commits a write', async () => {
    const token = t.county.users.BUREAU_ADMIN;
    await t.app.ok(ONE_STUDENT, {}, token);
    const { Student } = await t.app.ok('query ($id: ID!) { Student(id: $id) { version } }', { id: t.county.students.s4 }, token);
    await t.app.ok('mutation ($id: ID!, $v: Int!) { updateStudent(id: $id, version: $v, note: "已核对") { id } }', { id: t.county.students.s4, v: Student.version }, token);
    // The user's statement, then the list.
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(2);
  });

  it('stays remembered across commits that change none of its tables (a visit recorded)', async () => {
    const token = t.county.users.TEACHER;
    const { me } = await t.app.ok('{ me { staffId } }', {}, token);
    await t.app.ok(ONE_STUDENT, {}, token);
    await t.app.ok(
      'mutation ($s: ID!, $t: ID!) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, status: COMPLETED, familySituation: "好", studentSituation: "好", keyPoints: "无", effect: "好") { id } }',
      { s: t.county.students.s1, t: me.staffId },
      token,
    );
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(1);
  });

  it('gives a teacher a class the moment it is given in this process, and takes it back the same way', async () => {
    const teacher = t.county.users.TEACHER;
    const admin = t.county.users.BUREAU_ADMIN;
    const reads = () => readsStudent(teacher, t.county.students.s4);
    const klass = async (head: string | null) => {
      const { SchoolClass } = await t.app.ok('query ($id: ID!) { SchoolClass(id: $id) { version } }', { id: t.county.classes.B1 }, admin);
      await t.app.ok('mutation ($id: ID!, $v: Int!, $h: ID) { updateSchoolClass(id: $id, version: $v, headTeacherId: $h) { id } }', { id: t.county.classes.B1, v: SchoolClass.version, h: head }, admin);
    };
    expect(await reads()).toBe(false);
    expect(await reads()).toBe(false); // now remembered
    await klass(t.county.staff.teacherStaff);
    expect(await reads()).toBe(true);
    await klass(null);
    expect(await reads()).toBe(false);
  });

  it('answers its writes without waiting on the listener: the pool hears its own commits', async () => {
    const token = t.county.users.BUREAU_ADMIN;
    const viewers = t.app.server.viewers;
    const pingsBefore = viewers.pings;
    // The listener deaf for the while (its socket not read): only the pool's own hearing can forget.
    const listenerSocket = (viewers as unknown as { client: { connection: { stream: { pause(): void; resume(): void } } } }).client.connection.stream;
    listenerSocket.pause();
    try {
      for (let i = 0; i < 5; i++) {
        const { Student } = await t.app.ok('query ($id: ID!) { Student(id: $id) { version } }', { id: t.county.students.s4 }, token);
        await t.app.ok('mutation ($id: ID!, $v: Int!, $n: String) { updateStudent(id: $id, version: $v, note: $n) { id } }', { id: t.county.students.s4, v: Student.version, n: `第${i + 1}次核对` }, token);
        // Forgotten before the write answered: the next request reads the user again.
        expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(2);
      }
    } finally {
      listenerSocket.resume();
    }
    // The heartbeat's ping may fall within; a ping per commit would make five.
    expect(viewers.pings - pingsBefore).toBeLessThanOrEqual(1);
    // Still remembering throughout (a lost listener would read every user and pass the counts
    // above): once the listener has heard what it missed, the user is read once, then remembered.
    expect(viewers.remembering).toBe(true);
    await viewers.sync();
    await t.app.ok(ONE_STUDENT, {}, token);
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(1);
    // Every connection of the pool listens (the ones made before the server as well): four held at once.
    const conn = t.app.orm.em.getConnection();
    const held: Array<Array<{ pid: number; channels: string[] }>> = await Promise.all(
      [0, 1, 2, 3].map(() => conn.execute('select pg_backend_pid() as pid, array(select pg_listening_channels()) as channels, pg_sleep(0.1)')),
    );
    expect(new Set(held.map((r) => r[0].pid)).size).toBe(4);
    for (const [row] of held) expect(row.channels).toEqual(['jiafang_viewer_changes']);
  });

  it('ends a session disabled by another process within a second, and not before the change', async () => {
    const token = t.county.users.ANALYST;
    const { me } = await t.app.ok('{ me { id } }', {}, token);
    expect(await refused(token)).toBe(false);
    await otherProcess((c) => c.query('update "user" set active = false where id = $1', [me.id]));
    try {
      const took = await within(1000, () => refused(token));
      expect(took).toBeLessThan(1000);
    } finally {
      await otherProcess((c) => c.query('update "user" set active = true where id = $1', [me.id]));
    }
    // Disabling revoked the token for good (its version was raised).
    expect(await refused(token)).toBe(true);
  });

  it('hears a pairing written by another process (a pivot table)', async () => {
    const teacher = t.county.users.TEACHER;
    const reads = () => readsStudent(teacher, t.county.students.s3);
    expect(await reads()).toBe(false);
    const pairing = await otherProcess(async (c) => {
      const { rows } = await c.query(`select pairing_id from pairing_helpers where staff_member_id = $1 limit 1`, [t.county.staff.teacherStaff]);
      await c.query('insert into pairing_students (pairing_id, student_id) values ($1, $2)', [rows[0].pairing_id, t.county.students.s3]);
      return rows[0].pairing_id as string;
    });
    try {
      await within(1000, reads);
    } finally {
      await otherProcess((c) => c.query('delete from pairing_students where pairing_id = $1 and student_id = $2', [pairing, t.county.students.s3]));
    }
    await within(1000, async () => !(await reads()));
  });

  it('remembers an API token until it is revoked, here or elsewhere, and does not forget it for being used', async () => {
    const admin = t.county.users.BUREAU_ADMIN;
    const CREATE = 'mutation ($n: String!) { createApiToken(name: $n) { token apiToken { id } } }';
    const [here, elsewhere] = await Promise.all(['看板甲', '看板乙'].map(async (n) => (await t.app.ok(CREATE, { n }, admin)).createApiToken));
    const ME = '{ me { role } }';
    for (const k of [here, elsewhere]) expect((await t.app.ok(ME, {}, k.token)).me.role).toBe('INTEGRATION');
    // Remembered, and its use (last_used_at) written at most once a minute: nothing is read.
    expect(await t.app.countStatements(() => t.app.ok(ME, {}, here.token))).toBe(0);
    // A use written by another process is no change to the token.
    await otherProcess((c) => c.query('update api_token set last_used_at = now() where id = $1', [here.apiToken.id]));
    await new Promise((r) => setTimeout(r, 100));
    expect(await t.app.countStatements(() => t.app.ok(ME, {}, here.token))).toBe(0);

    // A token nobody issued is read every time it is tried, never remembered (it could push out
    // real users), and one not shaped like ours is refused without a read.
    const madeUp = `jft_${'A'.repeat(43)}`;
    for (let i = 0; i < 2; i++) expect(await t.app.countStatements(async () => expect(await refused(madeUp)).toBe(true))).toBe(1);
    expect(await t.app.countStatements(async () => expect(await refused('jft_not-one-of-ours')).toBe(true))).toBe(0);

    await t.app.ok('mutation ($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: here.apiToken.id }, admin);
    expect(await refused(here.token)).toBe(true);
    await otherProcess((c) => c.query('update api_token set revoked_at = now() where id = $1', [elsewhere.apiToken.id]));
    expect(await within(1000, () => refused(elsewhere.token))).toBeLessThan(1000);
  });

  it('reads every user while its listener is cut off, and remembers again once it is back', async () => {
    const { me } = await t.app.ok('{ me { id username } }', {}, t.county.users.SCHOOL_ADMIN);
    const token = t.county.users.SCHOOL_ADMIN;
    const cut = await otherProcess(async (c) => (await c.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1 and datname = current_database()', [LISTENER_NAME])).rows);
    expect(cut).toEqual([{ ok: true }]);
    const server = t.app.server;
    await within(2000, async () => !server.viewers.remembering);
    // No notification can come now: the change must still be seen on the next request.
    await otherProcess((c) => c.query('update "user" set active = false where id = $1', [me.id]));
    try {
      expect(await refused(token)).toBe(true);
    } finally {
      await otherProcess((c) => c.query('update "user" set active = true where id = $1', [me.id]));
    }
    const again = await t.app.login(me.username, FIXTURE_PASSWORD);
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, again))).toBe(2);
    await within(5000, async () => server.viewers.remembering);
    await t.app.ok(ONE_STUDENT, {}, again);
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, again))).toBe(1);
  });

  it('hears every commit of concurrent writes before answering them', async () => {
    const admin = t.county.users.BUREAU_ADMIN;
    const teacher = t.county.users.TEACHER;
    const { allStudents } = await t.app.ok('{ allStudents(filter: { schoolId: "' + t.county.schools.B + '" }) { id version } }', {}, admin);
    await readsStudent(teacher, t.county.students.s4);
    // Twelve saves at once, each answered only once its notification was heard; then the class moves.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const s = allStudents[i % allStudents.length];
        return t.app.gql('mutation ($id: ID!, $v: Int!, $n: String) { updateStudent(id: $id, version: $v, note: $n) { id } }', { id: s.id, v: s.version, n: `第${i}次` }, admin);
      }),
    );
    const { SchoolClass } = await t.app.ok('query ($id: ID!) { SchoolClass(id: $id) { version } }', { id: t.county.classes.B1 }, admin);
    await t.app.ok('mutation ($id: ID!, $v: Int!, $h: ID) { updateSchoolClass(id: $id, version: $v, headTeacherId: $h) { id } }', { id: t.county.classes.B1, v: SchoolClass.version, h: t.county.staff.teacherStaff }, admin);
    expect(await readsStudent(teacher, t.county.students.s4)).toBe(true);
    const again = await t.app.ok('query ($id: ID!) { SchoolClass(id: $id) { version } }', { id: t.county.classes.B1 }, admin);
    await t.app.ok('mutation ($id: ID!, $v: Int!) { updateSchoolClass(id: $id, version: $v, headTeacherId: null) { id } }', { id: t.county.classes.B1, v: again.SchoolClass.version }, admin);
    expect(await readsStudent(teacher, t.county.students.s4)).toBe(false);
    expect(t.app.server.viewers.remembering).toBe(true);
  });

  it('notifies on a change to every column of a token a request is built from', () => {
    for (const column of TOKEN_ROW_COLUMNS.filter((c) => c !== 'id' && c !== 'last_used_at')) expect(TOKEN_COLUMNS).toContain(column);
  });

  it('notifies on every table the user statement reads', async () => {
    const plan = (await t.app.sql(`explain (format json) ${userStatement(t.app.orm.getMetadata()).replace('$1', `'00000000-0000-0000-0000-000000000000'`)}`)) as Array<{ 'QUERY PLAN': unknown }>;
    const read = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'Relation Name') read.add(v as string);
        else walk(v);
      }
    };
    walk(plan[0]['QUERY PLAN']);
    const notifying = new Set(
      ((await t.app.sql(`select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname = 'viewer_changes'`)) as Array<{ relname: string }>).map((r) => r.relname),
    );
    expect(read.size).toBeGreaterThanOrEqual(6);
    expect([...read].filter((table) => !notifying.has(table))).toEqual([]);
  });
});
