import { randomUUID } from 'node:crypto';
import { useCounty } from '../support/county';
import { count } from '../support/roster';
import { newIdNumber } from '../support/ids';

// 家庭 (003 "每学年对每个学生家庭家访1次"): brothers and sisters found from a shared guardian phone
// (by linkHouseholds and on import), one visit at home counting for all of them, and the compliance
// list naming the family.

const t = useCounty();
const admin = (q: string, v?: Record<string, unknown>) => t.app.ok(q, v, t.county.users.BUREAU_ADMIN);

async function child(name: string, school: string, klass: string | null, phone: string, guardian = '周大海'): Promise<string> {
  const id = newIdNumber('2014-05-01', 'FEMALE');
  const s = (await admin('mutation ($n: String!, $b: LocalDate!, $i: String, $s: ID, $c: ID) { createStudent(name: $n, gender: FEMALE, birthDate: $b, idNumber: $i, schoolId: $s, classId: $c) { id } }',
    { n: name, b: id.birthDate, i: id.idNumber, s: school, c: klass })).createStudent.id;
  await admin('mutation ($s: ID!, $n: String!, $p: String!) { createGuardian(studentId: $s, name: $n, relation: MOTHER, phone: $p) { id } }', { s, n: guardian, p: phone });
  return s;
}

const LINK = 'mutation ($s: ID) { linkHouseholds(schoolId: $s) { created joined households { name phone studentIds } } }';

describe('households', () => {
  let elder: string;
  let younger: string;
  let household: string;

  it('links children sharing a guardian phone into one family, once', async () => {
    const { schools, classes } = t.county;
    elder = await child('周一', schools.B, classes.B1, '13700001111');
    younger = await child('周二', schools.B, classes.B1, '13700001111');
    const loner = await child('孙三', schools.B, classes.B1, '13700002222', '孙大河');
    const first = (await admin(LINK, { s: schools.B })).linkHouseholds;
    expect(first.created).toBeGreaterThanOrEqual(1);
    const mine = first.households.find((h: any) => h.studentIds.includes(elder));
    expect(mine).toMatchObject({ name: '周大海家', phone: '13700001111' });
    expect(mine.studentIds.sort()).toEqual([elder, younger].sort());
    expect(first.households.some((h: any) => h.studentIds.includes(loner))).toBe(false);
    household = (await t.app.sql('select household_id from household_students where student_id = ?', [elder]))[0].household_id;
    const again = (await admin(LINK, { s: schools.B })).linkHouseholds;
    expect(again).toMatchObject({ created: 0, joined: 0 });
    // A third child with the same mother joins the family already there.
    const third = await child('周三', schools.A, classes.A1, '13700001111');
    expect((await admin(LINK, { s: schools.A })).linkHouseholds).toMatchObject({ created: 0, joined: 1 });
    expect((await t.app.sql('select household_id from household_students where student_id = ?', [third]))[0].household_id).toBe(household);
  });

  it('keeps a child in one family: a second family naming them is refused and nothing is written', async () => {
    const before = await count(t.app, 'household');
    const res = await t.app.gql('mutation ($s: [ID!]) { createHousehold(name: "另一家", studentIds: $s) { id } }', { s: [younger] }, t.county.users.BUREAU_ADMIN);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'studentIds', rule: 'ONE_HOUSEHOLD_PER_STUDENT', existingId: household });
    expect(await count(t.app, 'household')).toBe(before);
    // Two clerks putting the same child in two new families at once: one family wins.
    const loose = await child('吴四', t.county.schools.B, t.county.classes.B1, '13700003333', '吴大江');
    const both = await Promise.all(['吴家', '吴大江家'].map((n) => t.app.gql('mutation ($n: String!, $s: [ID!]) { createHousehold(name: $n, studentIds: $s) { id } }', { n, s: [loose] }, t.county.users.BUREAU_ADMIN)));
    expect(both.filter((r) => !r.errors)).toHaveLength(1);
    expect(both.find((r) => r.errors)!.errors![0].extensions?.code).toBe('CONFLICT');
    expect((await t.app.sql('select count(*)::int as n from household_students where student_id = ?', [loose]))[0].n).toBe(1);
  });

  it('counts a visit at home to one child for the family in the annual rule, not a phone call', async () => {
    const [visitor] = await t.app.sql('select id from staff_member where school_id = ? limit 1', [t.county.schools.A]);
    const visit = (student: string, form: string) => {
      const at = new Date(Date.now() - 86_400_000);
      return t.app.sql(
        `insert into visit_record (id, version, created_at, updated_at, bureau_id, student_id, visitor_id, form, status, purpose, parent_consent, planned_at, completed_at, visited_at, departed_at)
         values (?, 1, now(), now(), ?, ?, ?, ?, 'COMPLETED', 'ROUTINE', true, ?, ?, ?, ?)`,
        [randomUUID(), t.county.bureauId, student, visitor.id, form, at, at, at, form === 'IN_PERSON' ? at : null],
      );
    };
    const annual = async (ids: string[]) => {
      const res = await admin('{ complianceGaps(rules: [ANNUAL_VISIT], perPage: 1000) { items { studentId householdId household { name } } } }');
      return res.complianceGaps.items.filter((i: any) => ids.includes(i.studentId));
    };
    expect((await annual([elder, younger])).map((i: any) => [i.householdId, i.household.name])).toEqual([[household, '周大海家'], [household, '周大海家']]);
    await visit(elder, 'PHONE');
    expect((await annual([elder, younger])).map((i: any) => i.studentId)).toEqual([younger]);
    await visit(elder, 'IN_PERSON');
    expect(await annual([elder, younger])).toEqual([]);
    // The report counts families: the 周 family is one, with nobody short of visits any more.
    const report = await admin(`{ complianceReport(schoolId: "${t.county.schools.B}") { rows { unitName students families belowVisits belowVisitFamilies } } }`);
    const b = report.complianceReport.rows.find((r: any) => r.unitName === '龙阳中心小学');
    expect(b.students - b.families).toBeGreaterThanOrEqual(1);
    expect(b.belowVisitFamilies).toBeLessThanOrEqual(b.belowVisits);
  });

  it('shows a family to the staff who reach one of its children, and lets only admins link', async () => {
    const [wu] = await t.app.sql("select household_id as id from household_students hs join student s on s.id = hs.student_id where s.name = '吴四'");
    // 李老师 heads 周三's class (school A): he sees her family, not the 吴 family of school B; nor does A's principal.
    for (const role of ['TEACHER', 'SCHOOL_ADMIN']) {
      const seen = (await t.app.ok('{ allHouseholds { id } }', {}, t.county.users[role])).allHouseholds.map((h: any) => h.id);
      expect([role, seen.includes(household), seen.includes(wu.id)]).toEqual([role, true, false]);
    }
    const direct = await t.app.gql('query ($id: ID!) { Household(id: $id) { id } }', { id: wu.id }, t.county.users.TEACHER);
    expect(direct.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const refused = await t.app.gql(LINK, {}, t.county.users.TEACHER);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await t.app.gql(LINK, { s: t.county.schools.B }, t.county.users.SCHOOL_ADMIN);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const bad = await t.app.gql(LINK, { s: 'x' }, t.county.users.BUREAU_ADMIN);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolId' });
  });

  it('keeps a school admin to their own pupils: no family with another school’s child, and an edit keeps the children they do not see', async () => {
    const { schools, classes, users } = t.county;
    const here = await child('郑一', schools.A, classes.A1, '13700004444', '郑大川');
    const there = await child('郑二', schools.B, classes.B1, '13700004444', '郑大川');
    const linked = (await t.app.ok(LINK, {}, users.SCHOOL_ADMIN)).linkHouseholds;
    expect(linked.households.some((h: any) => h.studentIds.includes(here) || h.studentIds.includes(there))).toBe(false);
    expect((await t.app.sql('select count(*)::int as n from household_students where student_id = any(?::uuid[])', [`{${here},${there}}`]))[0].n).toBe(0);
    // The bureau links across schools; the principal of A renames the family and sends back the child she sees.
    await admin(LINK, {});
    const [{ household_id: h }] = await t.app.sql('select household_id from household_students where student_id = ?', [here]);
    const seen = await t.app.ok('query ($id: ID!) { Household(id: $id) { version students { id } } }', { id: h }, users.SCHOOL_ADMIN);
    expect(seen.Household.students.map((x: any) => x.id)).toEqual([here]);
    await t.app.ok('mutation ($id: ID!, $v: Int!, $s: [ID!]) { updateHousehold(id: $id, version: $v, name: "郑家", studentIds: $s) { id } }', { id: h, v: seen.Household.version, s: [here] }, users.SCHOOL_ADMIN);
    const members = await t.app.sql('select student_id from household_students where household_id = ?', [h]);
    expect(members.map((m: any) => m.student_id).sort()).toEqual([here, there].sort());
  });

  it('links a brother imported from a spreadsheet with the guardian phone of his sister, and says so', async () => {
    const id = newIdNumber('2016-02-02', 'MALE');
    const csv = `姓名,性别,出生日期,身份证号,学校,班级,监护人姓名,监护人关系,监护人电话\n周五,男,${id.birthDate},${id.idNumber},SB01,三年级（1）班,周大海,母亲,13700001111\n`;
    const res = await fetch(`${t.app.url}/import/Student?mode=ALL_OR_NOTHING`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${t.county.users.BUREAU_ADMIN}` }, body: csv });
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    const result = lines.find((l) => l.result)?.result;
    expect(result).toMatchObject({ created: 1, followUp: '按监护人电话识别出兄弟姐妹：新建家庭 0 个，1 名学生加入已有家庭' });
    const [{ household_id }] = await t.app.sql('select hs.household_id from household_students hs join student s on s.id = hs.student_id where s.id_number = ?', [id.idNumber]);
    expect(household_id).toBe(household);
  });
});
