import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/core';
import { openOrm } from '../../packages/api/src/db/orm';
import { verifyPassword } from '../../packages/api/src/core/auth/password';
import { idNumberFacts, idNumberProblem } from '../../packages/api/src/core/validation/id-number';
import { phoneProblem } from '../../packages/api/src/core/validation/phone';
import { regionCodeProblem } from '../../packages/api/src/core/validation/region-code';
import { studentProblems } from '../../packages/api/src/roster/student.rules';
import { pairingProblems } from '../../packages/api/src/pairing/pairing.rules';
import { missingContent, visitProblems } from '../../packages/api/src/visit/visit.rules';
import { assistanceProblems } from '../../packages/api/src/assistance/assistance.rules';
import { closingProblems, schoolingStatusOfDropout } from '../../packages/api/src/dropout/dropout.rules';
import { detectFileType } from '../../packages/api/src/files/file-types';
import { schoolTermOf } from '../../packages/api/src/core/time/school-year';
import {
  ACTIVITY_DATE, DEMO_PASSWORD, DEMO_USERS, DemoCountyExistsError, isDatabaseEmpty, seedDemoCounty, type DemoSummary,
} from '../../packages/api/src/demo/seed';

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

describe("the school year's records", () => {
  // The demo's "today": everything but the visits out right now is dated up to here.
  const endOfToday = `${ACTIVITY_DATE}T18:00:00+08:00`;

  it('has the three campaigns, with one roster entry per student and campaign, assigned to staff of the student’s school', async () => {
    const campaigns = await sql(`select name, kind, school_year, to_char(start_date, 'YYYY-MM-DD') as start, to_char(end_date, 'YYYY-MM-DD') as end from campaign order by start_date`);
    expect(campaigns).toEqual([
      { name: '2024年万名教师大家访', kind: 'COVERAGE', school_year: '2024-2025', start: '2024-09-02', end: '2024-12-31' },
      { name: '2025年春节慰问家访', kind: 'ASSISTANCE', school_year: '2024-2025', start: expect.any(String), end: expect.any(String) },
      { name: expect.any(String), kind: 'REVISIT', school_year: '2024-2025', start: expect.any(String), end: expect.any(String) },
    ]);
    const dupes = await sql(`select campaign_id, student_id, count(*)::int as n from roster_entry group by 1, 2 having count(*) > 1`);
    expect(dupes).toEqual([]);
    const [wrongSchool] = await sql(`
      select count(*)::int as n from roster_entry r join student s on s.id = r.student_id join staff_member m on m.id = r.assigned_staff_id
      where s.school_id is distinct from m.school_id`);
    expect(wrongSchool.n).toBe(0);
    // A small county's coverage roster is every enrolled student, focus-category students first in line.
    const [coverage] = await sql(`
      select count(*)::int as n,
             count(*) filter (where (r.priority = 'HIGH') <> (jsonb_array_length(s.focus_categories) > 0))::int as wrong_priority,
             count(*) filter (where r.assigned_staff_id = c.head_teacher_id)::int as by_head,
             (select count(*)::int from student where school_id is not null) as enrolled
      from roster_entry r join campaign k on k.id = r.campaign_id and k.kind = 'COVERAGE'
      join student s on s.id = r.student_id join school_class c on c.id = s.class_id`);
    expect(coverage.n).toBe(coverage.enrolled);
    expect(coverage.wrong_priority).toBe(0);
    expect(coverage.by_head / coverage.n).toBeGreaterThan(0.8);
    const [revisit] = await sql(`
      select count(*)::int as n, count(*) filter (where jsonb_array_length(s.focus_categories) = 0)::int as without_category
      from roster_entry r join campaign k on k.id = r.campaign_id and k.kind = 'REVISIT' join student s on s.id = r.student_id`);
    expect(revisit.n).toBeGreaterThan(0);
    expect(revisit.without_category).toBeLessThanOrEqual(1); // the demo teacher's class gets one either way
  });

  it('pairs teachers and students in every mode, with helper and student counts that fit the mode', async () => {
    const rows = await sql(`
      select p.id, p.mode, p.status, to_char(p.start_date, 'YYYY-MM-DD') as "startDate", to_char(p.end_date, 'YYYY-MM-DD') as "endDate",
             p.plan, p.support_types,
             (select count(*)::int from pairing_helpers h where h.pairing_id = p.id) as helpers,
             (select count(*)::int from pairing_students s where s.pairing_id = p.id) as students
      from pairing p`);
    expect(new Set(rows.map((r) => r.mode))).toEqual(new Set(['ONE_TO_ONE', 'ONE_TO_MANY', 'MANY_TO_ONE']));
    // 一帮一 1:1, 一帮多 one teacher and 2–4 students, 多帮一 2–3 teachers and one student.
    const bounds: Record<string, [number, number, number, number]> = { ONE_TO_ONE: [1, 1, 1, 1], ONE_TO_MANY: [1, 1, 2, 4], MANY_TO_ONE: [2, 3, 1, 1] };
    for (const r of rows) {
      const [hLo, hHi, sLo, sHi] = bounds[r.mode];
      expect([r.mode, r.helpers, r.helpers >= hLo && r.helpers <= hHi, r.students, r.students >= sLo && r.students <= sHi]).toEqual([r.mode, r.helpers, true, r.students, true]);
      const problems = pairingProblems({ mode: r.mode, helpers: { count: () => r.helpers }, students: { count: () => r.students }, startDate: r.startDate, endDate: r.endDate ?? undefined });
      expect([r.id, problems]).toEqual([r.id, []]);
      expect([r.id, r.status, r.endDate === null]).toEqual([r.id, r.status, r.status === 'ACTIVE']);
      expect(r.plan).toMatch(/[\u4e00-\u9fff]/);
      expect(r.support_types.length).toBeGreaterThan(0);
    }
    expect(rows.some((r) => r.status === 'ENDED')).toBe(true);
    // The same check in SQL, straight over the pivot tables.
    const [bad] = await sql(`
      select count(*)::int as n from pairing p
      left join (select pairing_id, count(*) as n from pairing_helpers group by 1) h on h.pairing_id = p.id
      left join (select pairing_id, count(*) as n from pairing_students group by 1) s on s.pairing_id = p.id
      where not coalesce((p.mode = 'ONE_TO_ONE' and h.n = 1 and s.n = 1)
                      or (p.mode = 'ONE_TO_MANY' and h.n = 1 and s.n > 1)
                      or (p.mode = 'MANY_TO_ONE' and h.n > 1 and s.n = 1), false)`);
    expect(bad.n).toBe(0);
    const [otherSchool] = await sql(`
      select count(*)::int as n from pairing_helpers h join staff_member m on m.id = h.staff_member_id
      join pairing_students ps on ps.pairing_id = h.pairing_id join student s on s.id = ps.student_id
      where s.school_id is distinct from m.school_id`);
    expect(otherSchool.n).toBe(0);
    const [focus] = await sql(`
      select count(*)::int as n, count(*) filter (where jsonb_array_length(s.focus_categories) > 0)::int as focus
      from pairing_students ps join student s on s.id = ps.student_id`);
    expect(focus.focus / focus.n).toBeGreaterThan(0.8);
    const [twice] = await sql(`select count(*)::int as n from (select student_id from pairing_students group by 1 having count(*) > 1) x`);
    expect(twice.n).toBe(0);
  });

  it('has visits in every state, some overdue right now, and travelling visits with a full safety report', async () => {
    const statuses = await sql(`select status, count(*)::int as n from visit_record group by 1`);
    expect(new Set(statuses.map((r) => r.status))).toEqual(new Set(['PLANNED', 'DEPARTED', 'COMPLETED', 'REVIEWED']));
    const [overdue] = await sql(`select count(*)::int as n from visit_record where status = 'DEPARTED' and expected_return_at < now()`);
    expect(overdue.n).toBeGreaterThanOrEqual(3);
    const [inPerson] = await sql(`
      select count(*)::int as n,
             count(*) filter (where departed_at is null or returned_at is null or completed_at is null or address is null or transport is null or planned_at is null
                                 or expected_return_at is null or expected_return_at <= planned_at or returned_at < departed_at or completed_at < returned_at)::int as bad
      from visit_record where form = 'IN_PERSON' and status in ('COMPLETED', 'REVIEWED')`);
    expect(inPerson.n).toBeGreaterThan(0);
    expect(inPerson.bad).toBe(0);
    const [departed] = await sql(`
      select count(*)::int as n from visit_record
      where status = 'DEPARTED' and (form <> 'IN_PERSON' or transport is null or departed_at is null or returned_at is not null or completed_at is not null or expected_return_at <= planned_at)`);
    expect(departed.n).toBe(0);
    // Phone, SMS, online (and letters, visits at school) never leave: no departure, no return.
    const [stayed] = await sql(`select count(*)::int as n from visit_record where form <> 'IN_PERSON' and (departed_at is not null or returned_at is not null or expected_return_at is not null)`);
    expect(stayed.n).toBe(0);
    const forms = await sql(`select distinct form from visit_record where status in ('COMPLETED', 'REVIEWED')`);
    expect(forms.map((f) => f.form)).toEqual(expect.arrayContaining(['IN_PERSON', 'PHONE', 'ONLINE']));
    // Planned visits lie ahead of the demo's "today".
    const [planned] = await sql(`select count(*)::int as n, count(*) filter (where planned_at <= ?::timestamptz or completed_at is not null or departed_at is not null)::int as bad from visit_record where status = 'PLANNED'`, [endOfToday]);
    expect(planned.n).toBeGreaterThan(0);
    expect(planned.bad).toBe(0);
  });

  it('fills in finished visit records and passes the API rules for visits', async () => {
    const rows = await sql(`
      select v.id, v.form, v.purpose, v.status, v.address, v.transport, v.planned_at as "plannedAt", v.expected_return_at as "expectedReturnAt",
             v.family_situation as "familySituation", v.student_situation as "studentSituation", v.key_points as "keyPoints", v.effect,
             v.parent_met_phone, v.student_id, v.reviewed_at, v.callback_confirmed, v.satisfaction,
             case when c.id is null then null else json_build_object('student', json_build_object('id', c.student_id)) end as "dropoutCase"
      from visit_record v left join dropout_case c on c.id = v.dropout_case_id`);
    const problems = rows.flatMap((v) => visitProblems({ ...v, dropoutCase: v.dropoutCase ?? undefined, student: { id: v.student_id } }).map((p) => `${v.purpose} ${v.status}: ${p.rule}`));
    expect(problems).toEqual([]);
    const done = rows.filter((v) => v.status === 'COMPLETED' || v.status === 'REVIEWED');
    expect(done.flatMap((v) => missingContent(v).map((p) => `${v.id}: ${p.field}`))).toEqual([]);
    expect(done.filter((v) => !v.parent_met_phone || phoneProblem(v.parent_met_phone))).toEqual([]);
    expect(rows.filter((v) => v.status === 'REVIEWED' && !v.reviewed_at)).toEqual([]);
    expect(rows.filter((v) => v.status === 'REVIEWED' && v.callback_confirmed !== null && v.satisfaction).length).toBeGreaterThan(0);
    expect(rows.filter((v) => v.status !== 'REVIEWED' && (v.callback_confirmed !== null || v.satisfaction))).toEqual([]);
    const [companions] = await sql(`
      select count(*)::int as n, count(*) filter (where m.school_id <> vm.school_id or m.id = v.visitor_id)::int as bad
      from visit_record_companions x join visit_record v on v.id = x.visit_record_id
      join staff_member m on m.id = x.staff_member_id join staff_member vm on vm.id = v.visitor_id`);
    expect(companions.n).toBeGreaterThan(0);
    expect(companions.bad).toBe(0);
    // Campaign visits are made by the staff member the roster assigns.
    const [offRoster] = await sql(`
      select count(*)::int as n from visit_record v left join roster_entry r on r.campaign_id = v.campaign_id and r.student_id = v.student_id
      where v.campaign_id is not null and r.assigned_staff_id is distinct from v.visitor_id`);
    expect(offRoster.n).toBe(0);
    const [linked] = await sql(`select (count(*) filter (where campaign_id = (select id from campaign where kind = 'COVERAGE')))::float / count(*) as share from visit_record`);
    expect(linked.share).toBeGreaterThan(0.5);
  });

  it("gives the demo teacher's own students visits in every state, recorded under the teacher's login", async () => {
    const rows = await sql(`
      select v.status, count(*)::int as n, count(*) filter (where v.recorded_by_id = u.id)::int as by_teacher
      from "user" u join school_class c on c.head_teacher_id = u.staff_id join student s on s.class_id = c.id join visit_record v on v.student_id = s.id
      where u.username = 'teacher' group by 1`);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['PLANNED', 'DEPARTED', 'COMPLETED', 'REVIEWED']));
    expect(rows.filter((r) => r.by_teacher === 0)).toEqual([]);
    const [principal] = await sql(`select count(*)::int as n from visit_record v join "user" u on u.username = 'principal' where v.reviewed_by_id = u.id or v.recorded_by_id = u.id`);
    expect(principal.n).toBeGreaterThan(0);
  });

  it('records parents’ suggestions answered on the spot, escalated and still open (some old), and resolved later', async () => {
    const rows = await sql(`
      select s.answered_on_spot, s.status, s.response, s.resolved_at, s.handler_id, s.created_at, v.status as visit_status
      from parent_suggestion s join visit_record v on v.id = s.visit_id`);
    expect(rows.filter((r) => r.visit_status !== 'COMPLETED' && r.visit_status !== 'REVIEWED')).toEqual([]);
    // As the entity's hook has it: a response means RESOLVED with a time, none means ESCALATED without one.
    expect(rows.filter((r) => (r.response ? r.status !== 'RESOLVED' || !r.resolved_at : r.status !== 'ESCALATED' || r.resolved_at))).toEqual([]);
    expect(rows.filter((r) => r.answered_on_spot && !r.response)).toEqual([]);
    expect(rows.some((r) => r.answered_on_spot && r.status === 'RESOLVED')).toBe(true);
    expect(rows.some((r) => !r.answered_on_spot && r.status === 'RESOLVED' && r.handler_id)).toBe(true);
    const open = rows.filter((r) => r.status === 'ESCALATED');
    expect(open.length).toBeGreaterThan(0);
    expect(open.some((r) => new Date(r.created_at).getTime() < Date.parse(endOfToday) - 30 * 86_400_000)).toBe(true);
  });

  it('has care checks for every orphan and unsupported child: daily asks on school days by the head teacher, weekly meets by the principal', async () => {
    const cared = await sql(`
      select s.id, s.school_id,
             count(k.id) filter (where k.kind = 'DAILY_ASK')::int as daily, count(k.id) filter (where k.kind = 'WEEKLY_MEET')::int as weekly
      from student s left join care_check k on k.student_id = s.id
      where s.focus_categories @> '[{"category":"ORPHAN"}]' or s.focus_categories @> '[{"category":"UNSUPPORTED"}]'
      group by s.id, s.school_id`);
    expect(cared.length).toBeGreaterThan(0);
    // Children in a county school get both; those not enrolled have no head teacher, only the principal's weekly meet.
    expect(cared.filter((s) => s.weekly === 0 || (s.school_id && s.daily === 0))).toEqual([]);
    const dupes = await sql(`select student_id, kind, date, count(*)::int as n from care_check group by 1, 2, 3 having count(*) > 1`);
    expect(dupes).toEqual([]);
    const [notCared] = await sql(`
      select count(*)::int as n from care_check k join student s on s.id = k.student_id
      where not (s.focus_categories @> '[{"category":"ORPHAN"}]' or s.focus_categories @> '[{"category":"UNSUPPORTED"}]')`);
    expect(notCared.n).toBe(0);
    const [weekend] = await sql(`select count(*)::int as n from care_check where extract(isodow from date) > 5 or date > ?::date`, [ACTIVITY_DATE]);
    expect(weekend.n).toBe(0);
    const [wrongStaff] = await sql(`
      select count(*)::int as n from care_check k join student s on s.id = k.student_id left join school_class c on c.id = s.class_id
      join staff_member m on m.id = k.staff_id
      where (k.kind = 'DAILY_ASK' and m.id is distinct from c.head_teacher_id)
         or (k.kind = 'WEEKLY_MEET' and (m.position <> 'PRINCIPAL' or (s.school_id is not null and m.school_id <> s.school_id)))`);
    expect(wrongStaff.n).toBe(0);
    const [weekTwice] = await sql(`select count(*)::int as n from (select student_id from care_check where kind = 'WEEKLY_MEET' group by student_id, date_trunc('week', date) having count(*) > 1) x`);
    expect(weekTwice.n).toBe(0);
    // Gaps on purpose: someone missed a school day or a week that others did not.
    const [days] = await sql(`select count(distinct date)::int as n from care_check where kind = 'DAILY_ASK'`);
    const [weeks] = await sql(`select count(distinct date_trunc('week', date))::int as n from care_check where kind = 'WEEKLY_MEET'`);
    expect(days.n).toBeGreaterThanOrEqual(15);
    expect(cared.some((s) => (s.school_id && s.daily < days.n) || s.weekly < weeks.n)).toBe(true);
  });

  it('gives aid in every category with the amounts each needs, at the student’s school and in the right term', async () => {
    const rows = await sql(`
      select a.category, a.cash_fen as "cashFen", a.goods_value_fen as "goodsValueFen", a.funding_source, a.donor,
             to_char(a.date, 'YYYY-MM-DD') as date, a.school_year, a.semester, a.school_id, s.school_id as student_school,
             v.purpose as visit_purpose, v.student_id = a.student_id as same_student, k.kind as campaign_kind
      from assistance_item a join student s on s.id = a.student_id
      left join visit_record v on v.id = a.visit_id left join campaign k on k.id = v.campaign_id`);
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(['LIVING_SUBSIDY', 'NUTRITION', 'FEE_WAIVER', 'GRANT', 'CONSOLATION_CASH', 'CONSOLATION_GOODS', 'SUPPLIES', 'DONATION']));
    expect(rows.flatMap((r) => assistanceProblems(r).map((p) => `${r.category}: ${p.rule}`))).toEqual([]);
    const [bad] = await sql(`
      select count(*)::int as n from assistance_item
      where (category in ('LIVING_SUBSIDY', 'NUTRITION', 'FEE_WAIVER', 'GRANT', 'CONSOLATION_CASH') and coalesce(cash_fen, 0) <= 0)
         or (category in ('CONSOLATION_GOODS', 'SUPPLIES') and coalesce(goods_value_fen, 0) <= 0)
         or (coalesce(cash_fen, 0) <= 0 and coalesce(goods_value_fen, 0) <= 0)`);
    expect(bad.n).toBe(0);
    for (const r of rows) {
      const term = schoolTermOf(r.date);
      expect([r.category, r.school_id, r.school_year, r.semester]).toEqual([r.category, r.student_school, term.schoolYear, term.semester]);
      if (['LIVING_SUBSIDY', 'NUTRITION', 'FEE_WAIVER', 'GRANT'].includes(r.category)) expect([r.category, r.funding_source]).toEqual([r.category, 'FISCAL']);
      if (r.category === 'DONATION') expect([r.funding_source, typeof r.donor]).toEqual(['SOCIAL_DONATION', 'string']);
      if (r.category.startsWith('CONSOLATION')) {
        expect([['SCHOOL_AID_FUND', 'PUBLIC_FUNDS'].includes(r.funding_source), r.visit_purpose, r.campaign_kind, r.same_student]).toEqual([true, 'CONSOLATION', 'ASSISTANCE', true]);
      }
    }
    expect(rows.some((r) => r.category === 'LIVING_SUBSIDY' && r.cashFen === 62_500)).toBe(true);
  });

  it('has dropout cases in every state, one waiting for the police, and student statuses that follow the cases', async () => {
    const cases = await sql(`
      select c.id, c.status, c.dropout_category, c.non_dropout_category as "nonDropoutCategory", c.evidence_note as "evidenceNote",
             to_char(c.police_signed_on, 'YYYY-MM-DD') as "policeSignedOn", c.town_signed_on, c.school_verified_on, c.returned_on, c.closed_on,
             c.school_id, s.school_id as student_school, s.schooling_status,
             (select count(*)::int from attachment a where a.dropout_case_id = c.id and a.kind = 'EVIDENCE') as evidence,
             (select count(*)::int from visit_record v where v.dropout_case_id = c.id and v.purpose = 'PERSUASION' and v.student_id = c.student_id) as persuasion
      from dropout_case c join student s on s.id = c.student_id`);
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['SUSPECTED', 'VERIFYING', 'CONFIRMED_DROPOUT', 'PERSUADING', 'RETURNED', 'CLOSED']));
    expect(cases.filter((c) => !c.school_id)).toEqual([]);
    const waiting = cases.filter((c) => c.status === 'VERIFYING' && ['MOVED_UNREACHABLE', 'HOUSEHOLD_REGISTRATION'].includes(c.nonDropoutCategory) && !c.policeSignedOn);
    expect(waiting.length).toBeGreaterThan(0);
    for (const c of cases) {
      if (c.status === 'CLOSED') {
        expect(() => closingProblems(c, c.evidence)).not.toThrow();
        expect([c.id, c.evidence > 0 || !!c.evidenceNote, !!c.closed_on, c.dropout_category]).toEqual([c.id, true, true, null]);
      } else {
        expect([c.id, c.closed_on]).toEqual([c.id, null]);
      }
      if (c.status === 'PERSUADING') expect([c.id, c.persuasion > 0]).toEqual([c.id, true]);
      if (c.status === 'CONFIRMED_DROPOUT' || c.status === 'PERSUADING') {
        expect([c.id, c.schooling_status, !!c.town_signed_on]).toEqual([c.id, schoolingStatusOfDropout(c.dropout_category), true]);
      }
      if (c.status === 'RETURNED') expect([c.id, c.schooling_status, c.student_school, !!c.returned_on]).toEqual([c.id, 'IN_COUNTY', c.school_id, true]);
      if (c.status === 'SUSPECTED') expect([c.id, c.school_verified_on, c.town_signed_on, c.policeSignedOn]).toEqual([c.id, null, null, null]);
    }
    const [doubleOpen] = await sql(`
      select count(*)::int as n from (select student_id from dropout_case where status in ('SUSPECTED', 'VERIFYING', 'CONFIRMED_DROPOUT', 'PERSUADING') group by 1 having count(*) > 1) x`);
    expect(doubleOpen.n).toBe(0);
    // Closed cases have an EVIDENCE attachment or a note saying why not, in SQL too.
    const [unproven] = await sql(`
      select count(*)::int as n from dropout_case c where c.status = 'CLOSED' and coalesce(c.evidence_note, '') = ''
        and not exists (select 1 from attachment a where a.dropout_case_id = c.id and a.kind = 'EVIDENCE')`);
    expect(unproven.n).toBe(0);
  });

  it('keeps attachments as real files with one owner each, and has visit photos', async () => {
    const files = await sql(`
      select kind, file_name, mime_type, size, sha256, content, octet_length(content) as bytes, encode(sha256(content), 'hex') as digest,
             (dropout_case_id is not null)::int + (visit_id is not null)::int + (document_id is not null)::int as owners
      from attachment`);
    expect(files.filter((f) => f.owners !== 1 || f.size !== f.bytes || f.sha256 !== f.digest).map((f) => f.file_name)).toEqual([]);
    for (const f of files) expect([f.file_name, detectFileType(f.content, f.file_name)]).toEqual([f.file_name, f.mime_type]);
    expect(files.filter((f) => f.kind === 'EVIDENCE').length).toBeGreaterThan(0);
    const [photos] = await sql(`select count(*)::int as n, count(*) filter (where visit_id is null and document_id is null)::int as unowned from attachment where kind = 'PHOTO'`);
    expect(photos.n).toBeGreaterThanOrEqual(2);
    expect(photos.unowned).toBe(0);
  });

  it('files 控辍保学 archive documents in some boxes of the principal’s school and leaves others empty', async () => {
    const boxes = await sql(`
      select d.box, count(*)::int as documents, count(a.id)::int as files from document d join "user" u on u.username = 'principal' and u.school_id = d.school_id
      left join attachment a on a.document_id = d.id group by d.box`);
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    expect(boxes.length).toBeLessThan(8);
    const [agreement] = await sql(`select party_a, party_b from document where box = 'RESPONSIBILITY' and item = 'AGREEMENT_DIRECTOR_PRINCIPAL' limit 1`);
    expect(agreement.party_a).toBeTruthy();
    expect(agreement.party_b).toBeTruthy();
    expect(boxes.reduce((n, b) => n + b.documents, 0)).toBeGreaterThan(boxes.reduce((n, b) => n + b.files, 0));
  });

  it('checks every school for 2024-2025 FIRST, and every check adds up', async () => {
    const rows = await sql(`
      select s.id, e.registry_count, e.reported_count, e.registered_absent, e.present_unregistered,
             (select count(*)::int from student x where x.school_id = s.id) as enrolled
      from school s left join enrollment_check e on e.school_id = s.id and e.school_year = '2024-2025' and e.semester = 'FIRST'`);
    expect(rows.filter((r) => r.registry_count === null)).toEqual([]);
    expect(rows.filter((r) => r.registry_count !== r.reported_count + r.registered_absent - r.present_unregistered)).toEqual([]);
    expect(rows.filter((r) => Math.abs(r.reported_count - r.enrolled) > 2 || r.registered_absent < 0 || r.present_unregistered < 0)).toEqual([]);
  });

  it('holds a handful of 学籍异动 of every kind that agree with where each student is now', async () => {
    const rows = await sql(`select e.kind, e.from_school_id, e.to_school_id, e.to_status, s.school_id, s.schooling_status,
        (row_number() over (partition by e.student_id order by e.effective_on desc, e.created_at desc))::int as n
      from enrollment_change e join student s on s.id = e.student_id`);
    expect(rows.length).toBe(summary.enrollmentChanges);
    expect([...new Set(rows.map((r) => r.kind))].sort()).toEqual(['GRADUATION', 'LONG_LEAVE', 'RESUMPTION', 'SUSPENSION', 'TRANSFER_IN', 'TRANSFER_OUT']);
    // A move leaves the student where it says; a suspension or leave at the school they are still at.
    const moves = ['TRANSFER_IN', 'TRANSFER_OUT', 'GRADUATION'];
    const disagree = rows.filter((r) => r.n === 1 && (moves.includes(r.kind)
      ? r.to_school_id !== r.school_id || r.to_status !== r.schooling_status
      : r.from_school_id !== r.school_id));
    expect(disagree).toEqual([]);
  });

  it('has brothers and sisters in families: one guardian phone, one village, one surname, each child in one family', async () => {
    const families = await sql(`select h.id, h.phone, count(*)::int as children, count(distinct left(s.name, 1))::int as surnames,
        count(distinct s.household_village_id)::int as villages,
        bool_and(exists (select 1 from guardian g where g.student_id = s.id and h.phone in (g.phone, g.phone2))) as shared
      from household h join household_students hs on hs.household_id = h.id join student s on s.id = hs.student_id group by h.id, h.phone`);
    expect(families.length).toBe(summary.households);
    expect(families.length).toBeGreaterThan(5);
    expect(families.reduce((n, f) => n + f.children, 0)).toBe(summary.siblings);
    for (const f of families) expect([f.children >= 2, f.surnames, f.villages, f.shared]).toEqual([true, 1, 1, true]);
  });

  it('reports the counts it wrote', async () => {
    const [row] = await sql(`select (select count(*)::int from visit_record) as visits, (select count(*)::int from roster_entry) as roster,
      (select count(*)::int from pairing) as pairings, (select count(*)::int from care_check) as care, (select count(*)::int from assistance_item) as aid,
      (select count(*)::int from dropout_case) as cases, (select count(*)::int from attachment) as files, (select count(*)::int from enrollment_check) as checks,
      (select count(*)::int from parent_suggestion) as suggestions`);
    expect(row).toEqual({
      visits: summary.visits, roster: summary.rosterEntries, pairings: summary.pairings, care: summary.careChecks, aid: summary.assistanceItems,
      cases: summary.dropoutCases, files: summary.attachments, checks: summary.enrollmentChecks, suggestions: summary.suggestions,
    });
    expect(summary.overdueVisits).toBeGreaterThanOrEqual(3);
  });
});

describe('determinism', () => {
  it('gives the same rows, ids included, for the same seed; other rows for another seed', async () => {
    const second = await open();
    const third = await open();
    const now = new Date('2030-01-07T08:00:00Z');
    await seedDemoCounty(second.orm, { students: STUDENTS, seed: SEED, now });
    await seedDemoCounty(third.orm, { students: STUDENTS, seed: SEED + 1 });
    const snapshot = (orm: MikroORM) =>
      orm.em.getConnection().execute(`
        select id, name, id_number, school_id, class_id, focus_categories, created_at from student order by id_number`);
    const [a, b, c] = await Promise.all([snapshot(first.orm), snapshot(second.orm), snapshot(third.orm)]);
    expect(b.map((r: any) => r.id_number)).toEqual(a.map((r: any) => r.id_number));
    expect(b).toEqual(a);
    const tables = [
      'region', 'school', 'school_class', 'staff_member', 'guardian', '"user"', 'campaign', 'roster_entry', 'pairing', 'dropout_case',
      'visit_record', 'parent_suggestion', 'care_check', 'assistance_item', 'attachment', 'enrollment_check',
    ];
    for (const t of tables) {
      const ids = async (orm: MikroORM) => (await orm.em.getConnection().execute(`select id from ${t} order by id`)).map((r: any) => r.id);
      expect([t, await ids(second.orm)]).toEqual([t, await ids(first.orm)]);
    }
    // Whole rows too, except the times of the visits out right now, which follow the clock.
    const rows = (orm: MikroORM, query: string) => orm.em.getConnection().execute(query);
    for (const query of [
      `select * from visit_record where status <> 'DEPARTED' order by id`,
      `select id, student_id, visitor_id, form, purpose, address from visit_record where status = 'DEPARTED' order by id`,
      'select * from dropout_case order by id', 'select * from assistance_item order by id', 'select * from care_check order by id',
      'select * from pairing_students order by 1, 2', 'select * from pairing_helpers order by 1, 2', 'select * from visit_record_companions order by 1, 2',
      'select id, sha256 from attachment order by id', 'select id, schooling_status from student order by id',
    ]) {
      expect([query, await rows(second.orm, query)]).toEqual([query, await rows(first.orm, query)]);
    }
    expect(c.map((r: any) => r.id_number)).not.toEqual(a.map((r: any) => r.id_number));
    // The visits out now are timed from the `now` given: some overdue, some still within their time.
    const out = (await rows(second.orm, `select expected_return_at, departed_at from visit_record where status = 'DEPARTED'`))
      .map((v: any) => ({ back: new Date(v.expected_return_at).getTime() - now.getTime(), left: now.getTime() - new Date(v.departed_at).getTime() }));
    expect(out.filter((v: any) => v.back < 0).length).toBeGreaterThanOrEqual(3);
    expect(out.filter((v: any) => v.back > 0).length).toBeGreaterThan(0);
    expect(out.filter((v: any) => v.left <= 0 || v.left > 6 * 3_600_000)).toEqual([]);
  });
});

describe('a failure', () => {
  it('leaves nothing behind', async () => {
    const other = await open();
    const conn = other.orm.em.getConnection();
    // Make the last insert (the enrollment checks) fail inside the transaction: a trigger refuses it.
    await conn.execute(`create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await conn.execute(`create trigger refuse_checks before insert on enrollment_check for each row execute function refuse()`);
    await expect(seedDemoCounty(other.orm, { students: 50, seed: SEED })).rejects.toThrow(/refused/);
    const tables = [
      'bureau', 'region', 'school', 'staff_member', 'student', 'guardian', '"user"', 'campaign', 'roster_entry', 'pairing', 'pairing_students',
      'dropout_case', 'visit_record', 'parent_suggestion', 'care_check', 'assistance_item', 'attachment', 'enrollment_check',
    ];
    const [row] = await conn.execute(`select ${tables.map((t) => `(select count(*)::int from ${t})`).join(' + ')} as n`);
    expect(row.n).toBe(0);
  });
});
