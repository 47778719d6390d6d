import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { createReportCounty, type ReportCounty } from '../support/report-county';

// 送教上门 (002 (八) "每月2次送教", with photos): only visits at home count, and a child taught at
// home without a school (因病因残辍学) is the duty of their village's school (附件1-2 负责学校).
// Built on the hand-counted report county: 龙阳村's pupils (学生六, 七, 十二) attend 龙阳初级中学.

let app: TestApp;
let county: ReportCounty;
let unschooled: string;
const asOf = '2025-03-14';

beforeAll(async () => {
  app = await startTestApp();
  county = await createReportCounty(app);
  const conn = app.orm.em.getConnection();
  const insert = async (table: string, row: Record<string, unknown>) => {
    const full: Record<string, unknown> = { id: randomUUID(), version: 1, created_at: new Date(), updated_at: new Date(), bureau_id: county.bureauId, ...row };
    const cols = Object.keys(full);
    await conn.execute(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})`, cols.map((c) => full[c]) as never[]);
    return full.id as string;
  };
  unschooled = await insert('student', {
    name: '学生十三', gender: 'FEMALE', birth_date: '2013-04-04', school_id: null, household_village_id: county.villages.V3,
    schooling_status: 'DROPOUT_ILLNESS', focus_categories: JSON.stringify([{ category: 'DISABLED' }]), home_teaching: true,
  });
  const [visitor] = await app.sql('select id from staff_member where school_id = ? order by name limit 1', [county.schools.B]);
  const visit = (student: string, form: string, day: string) => {
    const at = new Date(`${day}T15:00:00+08:00`);
    return insert('visit_record', {
      student_id: student, visitor_id: visitor.id, form, status: 'COMPLETED', purpose: 'HOME_TEACHING', parent_consent: true,
      planned_at: at, completed_at: at, visited_at: at, departed_at: form === 'IN_PERSON' ? at : null,
    });
  };
  // 学生十三: once at home and once by phone in March. 学生五 (东村教学点, one home visit) is phoned too.
  await visit(unschooled, 'IN_PERSON', '2025-03-04');
  await visit(unschooled, 'PHONE', '2025-03-06');
  await visit(county.students.S5, 'PHONE', '2025-03-07');
});
afterAll(() => app.close());

const gaps = async (token: string) => {
  const res = await app.ok(`{ complianceGaps(schoolYear: "2024-2025", asOf: "${asOf}", rules: [HOME_TEACHING]) { items { studentId school { name } required done } } }`, {}, token);
  return res.complianceGaps.items.map((i: any) => [i.studentId, i.school.name, i.required, i.done]);
};

describe('送教上门 in the compliance check', () => {
  it('counts visits at home only, and lists a child without a school under their village’s school', async () => {
    expect(await gaps(county.users.BUREAU_ADMIN)).toEqual([
      [county.students.S5, '东村教学点', 2, 1],
      [unschooled, '龙阳初级中学', 2, 1],
    ]);
  });

  it('shows the child to that school’s principal, and not to another school’s', async () => {
    expect(await gaps(county.users.SCHOOL_ADMIN_B)).toEqual([[unschooled, '龙阳初级中学', 2, 1]]);
    expect((await gaps(county.users.SCHOOL_ADMIN)).map((g: unknown[]) => g[0])).toEqual([county.students.S5]);
  });

  it('counts the child among the school’s 送教 pupils in the per-school report', async () => {
    const res = await app.ok(`{ complianceReport(schoolYear: "2024-2025", asOf: "${asOf}") { rows { unitName homeTeachingStudents homeTeachingGaps } } }`, {}, county.users.BUREAU_ADMIN);
    const b = res.complianceReport.rows.find((r: any) => r.unitName === '龙阳初级中学');
    // 学生十二 (two home visits) and 学生十三 (one).
    expect(b).toEqual({ unitName: '龙阳初级中学', homeTeachingStudents: 2, homeTeachingGaps: 1 });
  });
});
