import { readQueryLimits } from '../../packages/api/src/http/limits';
import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';

// Nested references and child lists are batched per level: the number of SQL statements a query
// costs is the same for 5 schools as for 40, and for a 10-row page as for a 100-row page.
let app: TestApp;
let token: string;
let bureauId: string;

/** Adds `schools` schools, each with 3 classes of 4 students with 2 guardians, straight in SQL. */
async function addSchools(schools: number, tag: string) {
  const sql = (q: string) => app.sql(q.replaceAll(':b', `'${bureauId}'`).replaceAll(':tag', `'${tag}'`));
  await sql(`insert into school (id, version, created_at, updated_at, bureau_id, name, code, kind)
    select gen_random_uuid(), 1, now(), now(), :b, :tag || '学校' || i, :tag || i, 'PRIMARY' from generate_series(1, ${schools}) i`);
  await sql(`insert into staff_member (id, version, created_at, updated_at, bureau_id, name, school_id, position, active)
    select gen_random_uuid(), 1, now(), now(), :b, '班主任' || s.code, s.id, 'HEAD_TEACHER', true from school s where s.code like :tag || '%'`);
  await sql(`insert into school_class (id, version, created_at, updated_at, bureau_id, school_id, grade, name, school_year, head_teacher_id)
    select gen_random_uuid(), 1, now(), now(), :b, s.id, g, g || '年级', '2024-2025', (select id from staff_member t where t.school_id = s.id limit 1)
    from school s, generate_series(1, 3) g where s.code like :tag || '%'`);
  await sql(`insert into student (id, version, created_at, updated_at, bureau_id, name, gender, birth_date, school_id, class_id, schooling_status, focus_categories, home_teaching)
    select gen_random_uuid(), 1, now(), now(), :b, '学生' || c.id || n, 'MALE', date '2015-01-01', c.school_id, c.id, 'IN_COUNTY', '[]', false
    from school_class c join school s on s.id = c.school_id, generate_series(1, 4) n where s.code like :tag || '%'`);
  await sql(`insert into guardian (id, version, created_at, updated_at, bureau_id, student_id, name, relation, phone, lives_with_student, works_away)
    select gen_random_uuid(), 1, now(), now(), :b, st.id, '家长', r, '13800000000', true, false
    from student st join school s on s.id = st.school_id, unnest(array['FATHER', 'MOTHER']) r where s.code like :tag || '%'`);
}

const NESTED = `query ($f: SchoolFilter) { allSchools(filter: $f, perPage: 100) {
  name bureau { name }
  classes { name headTeacher { name } students { name school { name } guardians { phone } } }
} }`;

beforeAll(async () => {
  app = await startTestApp({
    // Whole-county trees cost more than a request may by default (GRAPHQL_MAX_COST); this file is about statements per level.
    server: { queryLimits: { ...readQueryLimits(), cost: 10_000_000 } },
  });
  const b = await createBureau(app.orm);
  bureauId = b.bureauId;
  token = await app.login(b.username, FIXTURE_PASSWORD);
  await addSchools(5, 'S');
  await addSchools(40, 'L');
});
afterAll(() => app.close());

/** A first request, so the counted ones find the viewer remembered. */
const warm = () => app.ok('{ me { id } }', {}, token);

describe('nested loading without N+1', () => {
  it('answers schools → classes → students → guardians with a constant number of statements', async () => {
    let small: any, large: any;
    await warm();
    const smallCost = await app.countStatements(async () => (small = await app.ok(NESTED, { f: { q: 'S学校' } }, token)));
    const largeCost = await app.countStatements(async () => (large = await app.ok(NESTED, { f: { q: 'L学校' } }, token)));
    expect(small.allSchools).toHaveLength(5);
    expect(large.allSchools).toHaveLength(40);
    const first = large.allSchools[0];
    expect(first.classes).toHaveLength(3);
    expect(first.classes[0].students).toHaveLength(4);
    expect(first.classes[0].students[0].guardians).toEqual([{ phone: '13800000000' }, { phone: '13800000000' }]);
    expect(first.classes[0].students[0].school.name).toBe(first.name);
    expect(first.classes[0].headTeacher.name).toBe(`班主任${first.name.replace('学校', '')}`);
    // 40 schools, 120 classes, 480 students, 960 guardians: still one statement per level.
    expect(largeCost).toBe(smallCost);
    // The whole tree in one statement (the viewer, its user and reach, is remembered: viewer-cache.test.ts).
    expect(largeCost).toBe(1);
  });

  it('costs the same for a 100-row student page with its references and guardians as for 10 rows', async () => {
    const q = 'query ($n: Int) { allStudents(perPage: $n, sortField: "name") { name school { name } class { name headTeacher { name } } guardians { phone } } }';
    let hundred: any;
    await warm();
    const tenCost = await app.countStatements(() => app.ok(q, { n: 10 }, token));
    const hundredCost = await app.countStatements(async () => (hundred = await app.ok(q, { n: 100 }, token)));
    expect(hundred.allStudents).toHaveLength(100);
    expect(hundred.allStudents.every((s: any) => s.school && s.class?.headTeacher && s.guardians.length === 2)).toBe(true);
    expect(hundredCost).toBe(tenCost);
    expect(hundredCost).toBe(1);
  });

  it('answers the admin list page, its rows and their count, in one statement', async () => {
    const page = `query ($f: StudentFilter) { items: allStudents(perPage: 25, sortField: "name", filter: $f) { id name school { name } }
      total: _allStudentsMeta(filter: $f) { count } }`;
    let answer: any;
    await warm();
    const cost = await app.countStatements(async () => (answer = await app.ok(page, { f: { q: '学生' } }, token)));
    expect(answer.items).toHaveLength(25);
    expect(answer.total.count).toBe(45 * 3 * 4);
    expect(cost).toBe(1);
    // A count with another filter is its own statement, and counts what its own filter says.
    const other = `query ($f: StudentFilter, $g: StudentFilter) { allStudents(perPage: 5, filter: $f) { id } _allStudentsMeta(filter: $g) { count } }`;
    let split: any;
    expect(await app.countStatements(async () => (split = await app.ok(other, { f: { gender: 'FEMALE' }, g: { gender: 'MALE' } }, token)))).toBe(2);
    expect(split.allStudents).toEqual([]);
    expect(split._allStudentsMeta.count).toBe(45 * 3 * 4);
  });
});
