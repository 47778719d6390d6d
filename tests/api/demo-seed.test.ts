import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/core';
import { openOrm } from '../../packages/api/src/db/orm';
import { verifyPassword } from '../../packages/api/src/core/auth/password';
import { idNumberFacts, idNumberProblem } from '../../packages/api/src/core/validation/id-number';
import { phoneProblem } from '../../packages/api/src/core/validation/phone';
import { regionCodeProblem } from '../../packages/api/src/core/validation/region-code';
import { studentProblems } from '../../packages/api/src/roster/student.rules';
import { DEMO_PASSWORD, DEMO_USERS, DemoCountyExistsError, isDatabaseEmpty, seedDemoCounty, type DemoSummary } from '../../packages/api/src/demo/seed';

import { createTestDatabase, type TestDatabase } from '../support/database';

const STUDENTS = 400;
const SEED = 7;

interface Opened {
  db: TestDatabase;
  orm: MikroORM;
}

const opened: Opened[] = [];
async function open(): Promise<Opened> {
  const db = await createTestDatabase();
  const orm = await openOrm(db.url);
  const o = { db, orm };
  opened.push(o);
  return o;
}

let first: Opened;
let summary: DemoSummary;
const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> =>
  first.orm.em.getConnection().execute(query, params as never[]);

beforeAll(async () => {
  first = await open();
  expect(await isDatabaseEmpty(first.orm)).toBe(true);
  summary = await seedDemoCounty(first.orm, { students: STUDENTS, seed: SEED });
});

afterAll(async () => {
  for (const { orm, db } of opened) {
    await orm.close(true);
    await db.drop();
  }
});

describe('the demo county', () => {
  it('has exactly the students asked for, about 2% of them not enrolled', async () => {
    const [row] = await sql('select count(*)::int as n, count(*) filter (where school_id is null)::int as out from student');
    expect(row.n).toBe(STUDENTS);
    expect(summary.students).toBe(STUDENTS);
    expect(row.out).toBe(Math.round(STUDENTS * 0.02));
    expect(await isDatabaseEmpty(first.orm)).toBe(false);
    // Enrolled students are in county schools and in a class of their school; the others in neither.
    const [bad] = await sql(`
      select count(*)::int as n from student s left join school_class c on c.id = s.class_id
      where (s.school_id is null) <> (s.class_id is null)
         or (s.class_id is not null and c.school_id <> s.school_id)
         or (s.school_id is not null) <> (s.schooling_status = 'IN_COUNTY')`);
    expect(bad.n).toBe(0);
  });

  it('gives every student a valid 身份证号 that agrees with the birth date and gender, and 学籍号 G + 身份证号', async () => {
    const rows = await sql<{ id_number: string; birth_date: string; gender: string; student_number: string }>(
      `select id_number, to_char(birth_date, 'YYYY-MM-DD') as birth_date, gender, student_number from student`,
    );
    expect(rows).toHaveLength(STUDENTS);
    for (const r of rows) {
      expect([r.id_number, idNumberProblem(r.id_number)]).toEqual([r.id_number, null]);
      const facts = idNumberFacts(r.id_number);
      expect({ id: r.id_number, birthDate: facts.birthDate, gender: facts.gender }).toEqual({ id: r.id_number, birthDate: r.birth_date, gender: r.gender });
    }
    const [mismatch] = await sql(`select count(*)::int as n from student where student_number is distinct from 'G' || id_number`);
    expect(mismatch.n).toBe(0);
    const [dupes] = await sql('select count(*)::int - count(distinct id_number)::int as n from student');
    expect(dupes.n).toBe(0);
  });

  it('passes the API rules for students: no duplicate categories, disability fields only with DISABLED', async () => {
    const rows = await sql(`select id_number as "idNumber", to_char(birth_date, 'YYYY-MM-DD') as "birthDate", gender, student_number as "studentNumber",
      focus_categories as "focusCategories", disability_type as "disabilityType", disability_grade as "disabilityGrade", home_teaching as "homeTeaching" from student`);
    const problems = rows.flatMap((r) => studentProblems(r).map((p) => `${r.idNumber}: ${p.rule}`));
    expect(problems).toEqual([]);
    const [withoutCategory] = await sql(`
      select count(*)::int as n from student
      where (disability_type is not null or disability_grade is not null or home_teaching)
        and not focus_categories @> '[{"category":"DISABLED"}]'`);
    expect(withoutCategory.n).toBe(0);
    const [disabled] = await sql(`select count(*)::int as n from student where focus_categories @> '[{"category":"DISABLED"}]' and disability_grade between 1 and 4`);
    expect(disabled.n).toBeGreaterThan(0);
    // The stored shape is plain JSON: category, since as YYYY-MM-DD, source.
    const [entry] = await sql(`select e from student, jsonb_array_elements(focus_categories) e limit 1`);
    expect(entry.e).toEqual({ category: expect.any(String), since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), source: expect.any(String) });
  });

  it('puts enrolled children in grades that fit their age', async () => {
    // On 1 September 2024 grade g is mostly g + 5 and never younger; kindergarten 3–5.
    const rows = await sql(`
      select c.grade, s.birth_date, extract(year from age(date '2024-09-01', s.birth_date))::int as age, sc.kind
      from student s join school_class c on c.id = s.class_id join school sc on sc.id = s.school_id`);
    for (const r of rows) {
      if (r.grade === 0) expect([r.age >= 3, r.age <= 5]).toEqual([true, true]);
      else if (r.kind !== 'SPECIAL') expect([r.grade, r.age - r.grade >= 5, r.age - r.grade <= 7]).toEqual([r.grade, true, true]);
    }
    const [notEnrolled] = await sql(`
      select min(extract(year from age(date '2024-09-01', birth_date)))::int as lo, max(extract(year from age(date '2024-09-01', birth_date)))::int as hi
      from student where school_id is null`);
    expect(notEnrolled.lo).toBeGreaterThanOrEqual(6);
    expect(notEnrolled.hi).toBeLessThanOrEqual(15);
  });

  it('attaches every kindergarten and teaching point to a central primary school of its town', async () => {
    const rows = await sql(`
      select s.name, s.kind, p.kind as parent_kind, s.town_id = p.town_id as same_town
      from school s left join school p on p.id = s.parent_school_id
      where s.kind in ('KINDERGARTEN', 'TEACHING_POINT')`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.parent_kind !== 'PRIMARY' || !r.same_town)).toEqual([]);
    const kinds = await sql(`select kind, count(*)::int as n from school group by kind`);
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toMatchObject({ SPECIAL: 1, SENIOR: 2, NINE_YEAR: 2 });
    const [codes] = await sql(`select count(*)::int as n from school where code !~ '^2161052[0-9]{3}$' or principal_name is null or town_id is null`);
    expect(codes.n).toBe(0);
  });

  it('nests the regions: village codes start with their town code, towns with the county', async () => {
    const rows = await sql<{ code: string; level: string; parent_code: string | null; parent_level: string | null }>(`
      select r.code, r.level, p.code as parent_code, p.level as parent_level from region r left join region p on p.id = r.parent_id`);
    expect(rows.filter((r) => r.level === 'COUNTY').map((r) => r.code)).toEqual(['610526']);
    expect(rows.filter((r) => r.level === 'TOWN').length).toBeGreaterThanOrEqual(10);
    for (const r of rows) {
      expect([r.code, regionCodeProblem(r.code, r.level as never)]).toEqual([r.code, null]);
      if (r.level === 'VILLAGE') expect([r.code, r.parent_level, r.code.startsWith(r.parent_code!)]).toEqual([r.code, 'TOWN', true]);
      if (r.level === 'TOWN') expect([r.code, r.parent_code]).toEqual([r.code, '610526']);
    }
    const [bureau] = await sql(`select r.code from bureau b join region r on r.id = b.region_id`);
    expect(bureau.code).toBe('610526');
    // Household villages are villages; students of a town's school live in one of the towns it serves.
    const [notVillage] = await sql(`select count(*)::int as n from student s join region r on r.id = s.household_village_id where r.level <> 'VILLAGE'`);
    expect(notVillage.n).toBe(0);
  });

  it('gives every class a head teacher of its school and every school a principal', async () => {
    const [bad] = await sql(`
      select count(*)::int as n from school_class c left join staff_member m on m.id = c.head_teacher_id
      where m.id is null or m.school_id <> c.school_id or m.position <> 'HEAD_TEACHER' or c.school_year <> '2024-2025'`);
    expect(bad.n).toBe(0);
    const [noPrincipal] = await sql(`
      select count(*)::int as n from school s where (select count(*) from staff_member m where m.school_id = s.id and m.position = 'PRINCIPAL') <> 1`);
    expect(noPrincipal.n).toBe(0);
    const phones = await sql<{ phone: string }>(`select phone from staff_member union all select phone from guardian union all select phone2 from guardian where phone2 is not null`);
    expect(phones.filter((p) => phoneProblem(p.phone) || !/^1[3-9]\d{9}$/.test(p.phone))).toEqual([]);
  });

  it('gives every student one or two guardians, grandparents first for left-behind children', async () => {
    const [counts] = await sql(`
      select min(n)::int as lo, max(n)::int as hi, count(*)::int as students
      from (select s.id, count(g.id) as n from student s left join guardian g on g.student_id = s.id group by s.id) x`);
    expect(counts).toEqual({ lo: 1, hi: 2, students: STUDENTS });
    const [leftBehind] = await sql(`
      select count(*)::int as n,
             count(*) filter (where first.relation in ('GRANDFATHER', 'GRANDMOTHER'))::int as grand,
             count(*) filter (where exists (select 1 from guardian g where g.student_id = s.id and g.works_away))::int as away
      from student s
      cross join lateral (select relation from guardian g where g.student_id = s.id order by created_at limit 1) first
      where s.focus_categories @> '[{"category":"LEFT_BEHIND"}]'`);
    expect(leftBehind.n).toBeGreaterThan(0);
    expect(leftBehind.grand).toBe(leftBehind.n);
    expect(leftBehind.away).toBe(leftBehind.n);
  });

  it('has one user per demo role whose password is the demo password', async () => {
    const users = await sql(`select username, role, password_hash, school_id, staff_id, display_name, active from "user" order by username`);
    expect(users.map((u) => [u.username, u.role]).sort()).toEqual(DEMO_USERS.map((u) => [u.username, u.role]).sort());
    for (const u of users) {
      expect([u.username, verifyPassword(DEMO_PASSWORD, u.password_hash), u.active]).toEqual([u.username, true, true]);
      expect(u.display_name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    }
    expect(verifyPassword('wrong-password', users[0].password_hash)).toBe(false);
    const [perRole] = await sql(`select count(distinct role)::int as roles, count(*)::int as n from "user"`);
    expect(perRole).toEqual({ roles: 5, n: 5 });
  });

  it("makes the principal the principal of a central school with attachments, and the teacher a head teacher there", async () => {
    const [principal] = await sql(`
      select s.kind, m.position, m.school_id = u.school_id as own_school,
             (select count(*)::int from school a where a.parent_school_id = s.id and a.kind = 'KINDERGARTEN') as kindergartens,
             (select count(*)::int from school a where a.parent_school_id = s.id and a.kind = 'TEACHING_POINT') as points
      from "user" u join school s on s.id = u.school_id join staff_member m on m.id = u.staff_id
      where u.username = 'principal'`);
    expect(principal).toMatchObject({ kind: 'PRIMARY', position: 'PRINCIPAL', own_school: true });
    expect(principal.kindergartens).toBeGreaterThan(0);
    expect(principal.points).toBeGreaterThan(0);
    const [teacher] = await sql(`
      select count(c.id)::int as heads, count(st.id)::int as students
      from "user" u join school_class c on c.head_teacher_id = u.staff_id and c.school_id = u.school_id
      left join student st on st.class_id = c.id
      where u.username = 'teacher' and u.role = 'TEACHER'
        and u.school_id = (select school_id from "user" where username = 'principal')`);
    expect(teacher.heads).toBeGreaterThan(0);
    expect(teacher.students).toBeGreaterThan(0);
  });

  it('refuses to load a second copy and leaves the first one untouched', async () => {
    await expect(seedDemoCounty(first.orm, { students: 10, seed: SEED })).rejects.toBeInstanceOf(DemoCountyExistsError);
    const [row] = await sql('select (select count(*)::int from bureau) as bureaus, (select count(*)::int from student) as students');
    expect(row).toEqual({ bureaus: 1, students: STUDENTS });
  });
});

describe('determinism', () => {
  it('gives the same rows, ids included, for the same seed; other rows for another seed', async () => {
    const second = await open();
    const third = await open();
    await seedDemoCounty(second.orm, { students: STUDENTS, seed: SEED });
    await seedDemoCounty(third.orm, { students: STUDENTS, seed: SEED + 1 });
    const snapshot = (orm: MikroORM) =>
      orm.em.getConnection().execute(`
        select id, name, id_number, school_id, class_id, focus_categories, created_at from student order by id_number`);
    const [a, b, c] = await Promise.all([snapshot(first.orm), snapshot(second.orm), snapshot(third.orm)]);
    expect(b.map((r: any) => r.id_number)).toEqual(a.map((r: any) => r.id_number));
    expect(b).toEqual(a);
    const tables = ['region', 'school', 'school_class', 'staff_member', 'guardian', '"user"'];
    for (const t of tables) {
      const ids = async (orm: MikroORM) => (await orm.em.getConnection().execute(`select id from ${t} order by id`)).map((r: any) => r.id);
      expect([t, await ids(second.orm)]).toEqual([t, await ids(first.orm)]);
    }
    expect(c.map((r: any) => r.id_number)).not.toEqual(a.map((r: any) => r.id_number));
  });
});

describe('a failure', () => {
  it('leaves nothing behind', async () => {
    const other = await open();
    const conn = other.orm.em.getConnection();
    // Make the last insert (the users) fail inside the transaction: a trigger refuses it.
    await conn.execute(`create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await conn.execute(`create trigger refuse_users before insert on "user" for each row execute function refuse()`);
    await expect(seedDemoCounty(other.orm, { students: 50, seed: SEED })).rejects.toThrow(/refused/);
    const [row] = await conn.execute(`select (select count(*)::int from bureau) + (select count(*)::int from region) + (select count(*)::int from student) + (select count(*)::int from guardian) as n`);
    expect(row.n).toBe(0);
  });
});
