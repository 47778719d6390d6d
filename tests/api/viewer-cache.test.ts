import pg from 'pg';
import { useCounty } from '../support/county';
import { FIXTURE_PASSWORD } from '../support/fixtures';
import { TOKEN_ROW_COLUMNS, userStatement } from '../../packages/api/src/http/viewer';
import { TOKEN_COLUMNS } from '../../packages/api/src/db/migrations/Migration20261207100000_api_token_changes';
import { VIEWER_COLUMNS } from '../../packages/api/src/db/migrations/Migration20261208090000_viewer_change_columns';
import { LISTENER_NAME } from '../../packages/api/src/http/viewer-cache';
import { PROBE_PREFIX, VIEWER_CHANGES_CHANNEL } from '../../packages/api/src/db/viewer-changes';
import { randomUUID } from 'node:crypto';

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

  it('is read again after this process moves a student to another class, and not after an edit of the note', async () => {
    const token = t.county.users.BUREAU_ADMIN;
    const version = async () => (await t.app.ok('query ($id: ID!) { Student(id: $id) { version classId } }', { id: t.county.students.s4 }, token)).Student;
    await t.app.ok(ONE_STUDENT, {}, token);
    const before = await version();
    await t.app.ok('mutation ($id: ID!, $v: Int!) { updateStudent(id: $id, version: $v, note: "已核对") { id } }', { id: t.county.students.s4, v: before.version }, token);
    // A column no viewer is built from: the user stays remembered (the list alone).
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(1);
    const edited = await version();
    expect(edited.classId).toBeTruthy();
    await t.app.ok('mutation ($id: ID!, $v: Int!, $c: ID) { updateStudent(id: $id, version: $v, classId: $c) { id } }', { id: t.county.students.s4, v: edited.version, c: null }, token);
    // The class decides a teacher's reach: the user's statement, then the list.
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(2);
    const moved = await version();
    await t.app.ok('mutation ($id: ID!, $v: Int!, $c: ID) { updateStudent(id: $id, version: $v, classId: $c) { id } }', { id: t.county.students.s4, v: moved.version, c: before.classId }, token);
  });

  it('stays remembered across a login, which writes the user’s last login time', async () => {
    const token = t.county.users.BUREAU_ADMIN;
    await t.app.ok(ONE_STUDENT, {}, token);
    const { me } = await t.app.ok('{ me { username } }', {}, t.county.users.TEACHER);
    await t.app.ok('mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: me.username, p: FIXTURE_PASSWORD });
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(1);
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

  it('stays remembered when another process’s listener starts: its probe is no change', async () => {
    const token = t.county.users.BUREAU_ADMIN;
    await t.app.ok(ONE_STUDENT, {}, token);
    await otherProcess((c) => c.query(`select pg_notify($1, $2)`, [VIEWER_CHANGES_CHANNEL, `${PROBE_PREFIX}${randomUUID()}`]));
    // Every notification sent before it has been heard once the listener answers.
    await t.app.server.viewers.sync();
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(1);
    // A change is still one.
    await otherProcess((c) => c.query(`select pg_notify($1, 'user')`, [VIEWER_CHANGES_CHANNEL]));
    await t.app.server.viewers.sync();
    expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(2);
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
      const { Student: first } = await t.app.ok('query ($id: ID!) { Student(id: $id) { classId } }', { id: t.county.students.s4 }, token);
      for (let i = 0; i < 6; i++) {
        const { Student } = await t.app.ok('query ($id: ID!) { Student(id: $id) { version } }', { id: t.county.students.s4 }, token);
        // Out of the class and back: a change a teacher's reach is built from.
        await t.app.ok('mutation ($id: ID!, $v: Int!, $c: ID) { updateStudent(id: $id, version: $v, classId: $c) { id } }', { id: t.county.students.s4, v: Student.version, c: i % 2 ? first.classId : null }, token);
        // Forgotten before the write answered: the next request reads the user again.
        expect(await t.app.countStatements(() => t.app.ok(ONE_STUDENT, {}, token))).toBe(2);
      }
    } finally {
      listenerSocket.resume();
    }
    // The heartbeat's ping may fall within; a ping per commit would make six.
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

  it('notifies on every table and column the user statement reads', async () => {
    const plan = (await t.app.sql(`explain (verbose, format json) ${userStatement(t.app.orm.getMetadata()).replace('$1', `'00000000-0000-0000-0000-000000000000'`)}`)) as Array<{ 'QUERY PLAN': unknown }>;
    const columnsOf = new Map<string, number>(
      ((await t.app.sql(`select table_name, count(*)::int as n from information_schema.columns where table_schema = current_schema() group by table_name`)) as Array<{ table_name: string; n: number }>).map((r) => [r.table_name, r.n]),
    );
    // Each scan's alias and table, and every text of the plan that names columns.
    const aliases = new Map<string, string>();
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node === 'string') return void texts.push(node);
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      const table = n['Relation Name'] as string | undefined;
      if (table) aliases.set(n.Alias as string, table);
      for (const [k, v] of Object.entries(n)) {
        // A scan that hands on every column of its table (PostgreSQL's physical target list) tells nothing of what is used.
        if (k === 'Output' && table && (v as unknown[]).length === columnsOf.get(table)) continue;
        walk(v);
      }
    };
    walk(plan[0]['QUERY PLAN']);
    const read = new Map<string, Set<string>>();
    for (const text of texts) {
      for (const [, alias, column] of text.matchAll(/\b([a-z_][a-z0-9_]*)\."?([a-z_][a-z0-9_]*)"?/g)) {
        const table = aliases.get(alias);
        if (table) read.set(table, new Set([...(read.get(table) ?? []), column]));
      }
    }
    // The columns each table's trigger fires on; none listed: every column.
    const triggers = (await t.app.sql(`select c.relname, coalesce(array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum = any(g.tgattr)), '{}') as columns
      from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname = 'viewer_changes'`)) as Array<{ relname: string; columns: string[] }>;
    const notifying = new Map(triggers.map((r) => [r.relname, r.columns]));
    expect(read.size).toBeGreaterThanOrEqual(6);
    expect([...read.keys()].filter((table) => !notifying.has(table))).toEqual([]);
    expect(read.get('student')).toEqual(new Set(['id', 'class_id']));
    expect(read.get('user')).toContain('token_version');
    const missed = [...read].flatMap(([table, columns]) => [...columns].filter((c) => notifying.get(table)!.length > 0 && !notifying.get(table)!.includes(c)).map((c) => `${table}.${c}`));
    expect(missed).toEqual([]);
    // Those that list columns list only real ones, and most tables notify on some columns only.
    expect(Object.keys(VIEWER_COLUMNS).every((table) => notifying.get(table)!.length === VIEWER_COLUMNS[table].length)).toBe(true);
  });
});
