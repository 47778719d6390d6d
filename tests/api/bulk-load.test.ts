import type { Client } from 'pg';
import { readQueryLimits } from '../../packages/api/src/http/limits';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { withClient } from '../support/pg-admin';
import { makeIdNumber } from '../../packages/api/src/core/validation/id-number';

// How bulk rows reach PostgreSQL: COPY, the planner's statistics kept in step within the
// transaction, and a refusal by the database while the next chunk is being checked.

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
beforeAll(async () => {
  // Calls of 10,000 rows and more: bigger than the default body limit, as an operator may allow (GRAPHQL_MAX_BODY_BYTES).
  app = await startTestApp({ server: { queryLimits: { ...readQueryLimits(), bodyBytes: 256 * 1024 * 1024 } } });
  county = await createCounty(app);
});
afterAll(() => app.close());

let serial = 0;
function student<E extends object>(name: string, extra?: E) {
  serial++;
  const day = new Date(Date.UTC(2013, 0, 1) + (serial % 3000) * 86_400_000).toISOString().slice(0, 10);
  const idNumber = makeIdNumber('610527', day, Math.floor(serial / 3000) * 2 + 1, 'FEMALE');
  return { name, gender: 'FEMALE', birthDate: day, idNumber, schoolId: county.schools.A, ...(extra as E) };
}

const RESULT = 'committed created failed rows { status id code field rule }';
async function bulk(op: string, data: unknown[]) {
  return app.gql(`mutation ($d: [StudentInput!]!) { r: ${op}(data: $d) { ${RESULT} } }`, { d: data }, county.users.BUREAU_ADMIN);
}

const other = <T>(fn: (c: Client) => Promise<T>) => withClient(app.db.url, fn);

const reltuples = async () => (await app.sql("select reltuples::float8 as n from pg_class where relname = 'student'"))[0].n as number;

describe('rows loaded with COPY', () => {
  it('read back exactly like a row written by createStudent, with the same audit event', async () => {
    const awkward = {
      address: '城关镇\t东街 12 号\n（后院）\\2 楼\r',
      ethnicity: null,
      note: '引号 " 与 \\N 照原样保存',
      homeTeaching: true,
      focusCategories: [{ category: 'DISABLED', since: '2024-03-01', source: '残联\t证明' }],
      guardians: [{ name: '王\\父', relation: 'FATHER', phone: '13812345678', worksAway: true }],
    };
    const { guardians: [guardian], ...single } = { ...student('单条', awkward) };
    const one = await app.ok(
      `mutation ($name: String!, $gender: Gender!, $birthDate: LocalDate!, $idNumber: String, $schoolId: ID, $address: String, $ethnicity: String, $note: String, $homeTeaching: Boolean, $focusCategories: [FocusCategoryEntryInput!]) {
        createStudent(name: $name, gender: $gender, birthDate: $birthDate, idNumber: $idNumber, schoolId: $schoolId, address: $address, ethnicity: $ethnicity, note: $note, homeTeaching: $homeTeaching, focusCategories: $focusCategories) { id } }`,
      single,
      county.users.BUREAU_ADMIN,
    );
    await app.ok(
      `mutation ($s: ID!, $name: String!, $phone: String!) { createGuardian(studentId: $s, name: $name, relation: FATHER, phone: $phone, worksAway: true) { id } }`,
      { s: one.createStudent.id, name: guardian.name, phone: guardian.phone },
      county.users.BUREAU_ADMIN,
    );
    const copied = student('批量', awkward);
    const many = await bulk('upsertManyStudents', [copied]);
    expect(many.errors).toBeUndefined();
    const ids = [one.createStudent.id, many.data.r.rows[0].id];

    const rows = await app.sql(
      `select s.*, g.name as g_name, g.relation, g.phone, g.works_away, g.lives_with_student, g.version as g_version
         from student s join guardian g on g.student_id = s.id where s.id = any(?::uuid[]) order by s.name = '单条' desc`,
      [`{${ids.join(',')}}`],
    );
    const comparable = (r: Record<string, unknown>) => {
      const { id: _id, name: _name, id_number: _idn, birth_date: _b, created_at: _c, updated_at: _u, ...rest } = r;
      return rest;
    };
    expect(rows).toHaveLength(2);
    expect(comparable(rows[1])).toEqual(comparable(rows[0]));
    expect(rows[1]).toMatchObject({ address: awkward.address.trim(), note: awkward.note, ethnicity: null, home_teaching: true, g_name: '王\\父', works_away: true, version: 1 });

    // Each student's events and its guardian's, the single mutation's first; ids and names differ.
    const eventsOf = async (studentId: string) => {
      const [g] = await app.sql('select id from guardian where student_id = ?', [studentId]);
      const events = await app.sql('select resource, action, fields, after, actor_name, role from audit_event where record_id in (?, ?) order by resource', [studentId, g.id]);
      return events.map(({ after, ...e }: any) => ({ ...e, after: { ...after, id: undefined, name: undefined, studentId: undefined } }));
    };
    const [a, b] = [await eventsOf(ids[0]), await eventsOf(ids[1])];
    expect(a.map((e: any) => [e.resource, e.action])).toEqual([['Guardian', 'CREATE'], ['Student', 'CREATE']]);
    expect(a[1].fields).toEqual(expect.arrayContaining(['address', 'focusCategories', 'idNumber', 'homeTeaching']));
    expect(a[1].after.idNumber).toBe('[已隐去]');
    expect(b).toEqual(a);
  });
});

describe('planner statistics during a large write', () => {
  it('analyses the table as it grows within the transaction', async () => {
    await app.sql('analyze student');
    const before = await reltuples();
    const r = await bulk('createManyStudents', Array.from({ length: 3000 }, (_, i) => student(`统计${i}`)));
    expect(r.data.r).toMatchObject({ committed: true, created: 3000 });
    // The first 2,000-row chunk doubled the table, so it was analysed with its uncommitted rows.
    expect(await reltuples()).toBeGreaterThanOrEqual(before + 2000);
  });

  it('skips the analysis rather than wait for another session holding the lock', async () => {
    await app.sql('analyze student');
    const before = await reltuples();
    await other(async (c) => {
      await c.query('begin');
      await c.query('lock table student in share update exclusive mode');
      const r = await bulk('createManyStudents', Array.from({ length: 3000 }, (_, i) => student(`锁${i}`)));
      expect(r.data.r).toMatchObject({ committed: true, created: 3000 });
      await c.query('rollback');
    });
    expect(await reltuples()).toBe(before);
  });
});

describe('a refusal by PostgreSQL while the next chunk is checked', () => {
  it('fails the whole call with the field, and writes nothing', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => student(`并发${i}`));
    const clash = rows[10];
    await other(async (c) => {
      // Another writer has the same 身份证号, not yet committed: the first chunk's COPY waits for it.
      await c.query('begin');
      await c.query(
        `insert into student (id, version, created_at, updated_at, bureau_id, name, gender, birth_date, id_number, school_id, schooling_status, focus_categories, home_teaching)
         select gen_random_uuid(), 1, now(), now(), bureau_id, '另一人', 'FEMALE', $1, $2, id, 'IN_COUNTY', '[]', false from school where id = $3`,
        [clash.birthDate, clash.idNumber, county.schools.A],
      );
      const pending = bulk('createManyStudents', rows);
      for (let waited = 0; ; waited += 50) {
        const [{ n }] = (await c.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows;
        if (n > 0) break;
        if (waited > 30_000) throw new Error('the bulk write never waited for the other writer');
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query('commit');
      const res = await pending;
      expect(res.data?.r).toBeFalsy();
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idNumber', rule: 'UNIQUE' });
      expect(JSON.stringify(res.errors)).not.toMatch(/insert|copy|duplicate key|student_bureau/i);
    });
    expect(await app.sql("select count(*)::int as n from student where name like '并发%'")).toEqual([{ n: 0 }]);
    expect(await app.sql('select name from student where id_number = ?', [clash.idNumber])).toEqual([{ name: '另一人' }]);
  });
});
