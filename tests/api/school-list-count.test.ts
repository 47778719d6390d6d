import { useCounty } from '../support/county';
import { withClient } from '../support/pg-admin';
import { messagesOf } from '../support/pool-messages';

// A school's list page asks its count with it (react-admin's total), so every page of a school's
// roster counts the school's students, or its girls. That count is read from an index alone, not
// from each student's row: the index holds the tenant (bureau_id) every read tests beside the school
// and the filter. Checked on the statement the server sends, planned with the table's own scans
// turned off, so the plan says whether an index answers it whole.

const t = useCounty();

/** The plan of the count the server sends with a list page of students as the bureau admin. */
async function countPlan(filter: Record<string, string>): Promise<string> {
  const literal = `{ ${Object.entries(filter).map(([k, v]) => `${k}: ${k === 'gender' ? v : JSON.stringify(v)}`).join(', ')} }`;
  const page = `{ allStudents(perPage: 25, sortField: "name", sortOrder: "ASC", filter: ${literal}) { id name } _allStudentsMeta(filter: ${literal}) { count } }`;
  const messages = await messagesOf(t.app, () => t.app.ok(page, {}, t.county.users.BUREAU_ADMIN));
  const sent = messages.find((m) => m.includes('count(*)'));
  const where = sent && /\(select count\(\*\)::int from "student" t0 where (.*?)\) as n/s.exec(sent)?.[1];
  if (!where) throw new Error(`no count in the statements sent:\n${messages.join('\n')}`);
  // Each parameter is compared with one column: its value by the column's name.
  const values: Record<string, string> = { bureau_id: t.county.bureauId, school_id: filter.schoolId, gender: filter.gender };
  const sql = where.replace(/t0\."(\w+)" = \$\d+/g, (_m, column: string) => {
    if (!values[column]) throw new Error(`the count compares ${column}, which the test does not know: ${where}`);
    return `t0."${column}" = '${values[column]}'`;
  });
  return withClient(t.app.db.url, async (client) => {
    await client.query('vacuum analyze student');
    await client.query('set enable_seqscan = off');
    await client.query('set enable_bitmapscan = off');
    const rows = (await client.query(`explain select count(*)::int from "student" t0 where ${sql}`)).rows as Array<{ 'QUERY PLAN': string }>;
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe('the count of a school’s list page', () => {
  it('reads the school’s students from an index alone', async () => {
    const plan = await countPlan({ schoolId: t.county.schools.A });
    expect(plan).toMatch(/Index Only Scan using student_school_id_\w*index/);
  });

  it('reads the school’s girls or boys from an index alone', async () => {
    const plan = await countPlan({ schoolId: t.county.schools.A, gender: 'MALE' });
    expect(plan).toMatch(/Index Only Scan using student_school_id_gender_name_index/);
  });

  it('stays an index’s read through a day’s edits: the table is vacuumed after a few hundred', async () => {
    // An edit clears its page's all-visible mark, and the count reads that page's rows again until a vacuum.
    const [{ id }] = await t.app.sql('select id from student where school_id = ? limit 1', [t.county.schools.A]);
    await withClient(t.app.db.url, async (client) => {
      await client.query('vacuum student');
      await client.query("update student set note = coalesce(note, '') where id = $1", [id]);
      await client.query('set enable_seqscan = off');
      await client.query('set enable_bitmapscan = off');
      const fetches = async () => {
        const { rows } = await client.query('explain (analyze, costs off, timing off) select count(*) from student where school_id = $1 and bureau_id = $2', [t.county.schools.A, t.county.bureauId]);
        return Number(/Heap Fetches: (\d+)/.exec(rows.map((r) => r['QUERY PLAN']).join('\n'))?.[1]);
      };
      expect(await fetches()).toBeGreaterThan(0);
      await client.query('vacuum student');
      expect(await fetches()).toBe(0);
    });
    // PostgreSQL's rule: a vacuum once changed rows pass threshold + scale factor × rows.
    const [{ reloptions }] = await t.app.sql("select reloptions from pg_class where oid = 'student'::regclass");
    const option = (name: string) => Number((reloptions as string[]).find((o) => o.startsWith(`${name}=`))?.split('=')[1]);
    const setting = async (name: string) => Number((await t.app.sql(`select setting from pg_settings where name = ?`, [name]))[0].setting);
    const county = 100_000;
    expect((await setting('autovacuum_vacuum_threshold')) + option('autovacuum_vacuum_scale_factor') * county).toBeLessThanOrEqual(300);
    expect((await setting('autovacuum_vacuum_insert_threshold')) + option('autovacuum_vacuum_insert_scale_factor') * county).toBeLessThanOrEqual(1_500);
  });
});
