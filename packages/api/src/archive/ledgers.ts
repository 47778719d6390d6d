import { resourceNamed, resourceOf } from '../core/resource/registry';
import { ScopedOrm } from '../core/data/scoped-orm';
import { nextDay, startOfDay } from '../core/report/args';
import { todayInChina } from '../core/time/school-year';
import { Student } from '../roster/student.entity';
import { FocusCategory, SchoolingStatus } from '../roster/roster.enums';
import { School } from '../org/school.entity';
import { VisitRecord } from '../visit/visit-record.entity';
import { VisitPurpose } from '../visit/visit.enums';
import { CareCheck } from '../visit/care-check.entity';
import { DropoutCase } from '../dropout/dropout-case.entity';
import { EnrollmentCheck } from '../dropout/enrollment-check.entity';
import { schoolAgeSurveyReport } from '../roster/school-age-survey.report';
import { villageAgeReport } from '../roster/village-age.report';
import { dropoutMonthlyReport } from '../dropout/dropout-monthly.report';
import { dropoutStatusReport } from '../dropout/dropout-status.report';
import { ArchiveItem } from './archive.enums';
import type { ArchiveContext, ArchiveEntry } from './archive-context';
import { recordsWithForms, reportFile, rosterFile } from './ledger-files';

/** The ledgers the system holds for one item of the catalogue, generated into its box. */
export type Ledger = (c: ArchiveContext) => AsyncGenerator<ArchiveEntry>;

/** 附件2-2 Ⅵ①: 留守、随迁、学困、特殊家庭等特殊儿童. */
const SPECIAL_GROUPS: FocusCategory[] = [
  FocusCategory.LEFT_BEHIND, FocusCategory.MIGRANT_CHILD, FocusCategory.LEARNING_DIFFICULTY, FocusCategory.SINGLE_PARENT,
  FocusCategory.DIVORCED, FocusCategory.ORPHAN, FocusCategory.UNSUPPORTED, FocusCategory.PSYCHOLOGICAL, FocusCategory.MAJOR_CHANGE,
];

const students = resourceOf(Student);
const visits = resourceOf(VisitRecord);
const cases = resourceOf(DropoutCase);

/** The school's students (enrolled or not), by id: visits and care checks are found through them. */
async function studentIdsOf(c: ArchiveContext): Promise<string[]> {
  // Partial rows in a fork of their own, so no form later finds a student without its name.
  const rows = await new ScopedOrm(c.em.fork(), c.viewer).list<{ id: string }>(students, { schoolId: c.school.id }, { fields: ['id'] as never });
  return rows.map((r) => r.id);
}

/** The period's completed visits of a purpose, by when they happened. */
const visitsOf = (c: ArchiveContext, ids: string[], purpose: VisitPurpose) => ({
  studentId: ids,
  purpose,
  visitedAt_gte: new Date(startOfDay(c.from)),
  visitedAt_lt: new Date(startOfDay(nextDay(c.to))),
});

const visitDay = (v: VisitRecord) => (v.visitedAt ? todayInChina(v.visitedAt) : '');

/** A roster of visits of a purpose, then each visit's 附件3-1 with its photos. */
async function* visitRecords(c: ArchiveContext, purpose: VisitPurpose, title: string, prefix: string): AsyncGenerator<ArchiveEntry> {
  const ids = await studentIdsOf(c);
  if (ids.length === 0) return;
  const filter = visitsOf(c, ids, purpose);
  yield await rosterFile(c, visits, filter, title);
  yield* recordsWithForms(c, visits, filter, { visitedAt: 'asc' }, prefix, visitDay, 'visitId');
}

/** The months of the period up to asOf, as 2024-10. */
function monthsOf(c: ArchiveContext): string[] {
  const months: string[] = [];
  for (let m = c.from.slice(0, 7); m <= c.asOf.slice(0, 7); ) {
    months.push(m);
    const [y, n] = m.split('-').map(Number);
    m = n === 12 ? `${y + 1}-01` : `${y}-${String(n + 1).padStart(2, '0')}`;
  }
  return months;
}

const lastDay = (month: string) => {
  const [y, n] = month.split('-').map(Number);
  return new Date(Date.UTC(y, n, 0)).toISOString().slice(0, 10);
};

/** 学籍异动, when the resource exists: the changes naming the school (from or to) in the period. */
async function* enrollmentChanges(c: ArchiveContext): AsyncGenerator<ArchiveEntry> {
  const res = resourceNamed('EnrollmentChange');
  if (!res) return;
  const day = res.fields.find((f) => f.kind === 'date' && f.indexed);
  for (const ref of res.fields.filter((f) => f.kind === 'ref' && f.target?.() === School)) {
    const filter = { [ref.gqlName]: c.school.id, ...(day && { [`${day.gqlName}_gte`]: c.from, [`${day.gqlName}_lte`]: c.to }) };
    yield await rosterFile(c, res, filter, `学籍异动学生花名册（${ref.label}）`);
  }
}

/** The generated part of each item; items missing here are filed from uploads only. */
export const LEDGERS: Partial<Record<ArchiveItem, Ledger>> = {
  async *SURVEY_REPORT(c) {
    yield await reportFile(c, schoolAgeSurveyReport, { asOf: c.asOf }, '6-15周岁适龄儿童少年就学情况摸排统计报告（附件1-1）.xlsx');
  },
  async *SURVEY_TABLE(c) {
    yield await reportFile(c, villageAgeReport, { asOf: c.asOf }, '6—15周岁儿童少年统计表（附件1-2）.xlsx');
  },
  async *SURVEY_ROSTER(c) {
    yield await rosterFile(c, students, { schoolId: c.school.id }, '适龄儿童少年花名册');
  },
  async *SPECIAL_SITUATION_ROSTER(c) {
    yield await rosterFile(c, students, { schoolId: c.school.id, schoolingStatus_neq: SchoolingStatus.IN_COUNTY }, '适龄儿童少年特殊情况分类花名册');
  },
  async *MONTHLY_REPORT(c) {
    for (const month of monthsOf(c)) {
      const to = lastDay(month) < c.to ? lastDay(month) : c.to;
      yield await reportFile(c, dropoutMonthlyReport, { from: `${month}-01`, to, groupBy: 'SCHOOL' }, `控辍保学月报表-${month}.xlsx`);
    }
  },
  async *STUDENT_ROSTER(c) {
    yield await rosterFile(c, students, { schoolId: c.school.id, schoolingStatus: SchoolingStatus.IN_COUNTY }, '在校生花名册');
  },
  ENROLLMENT_CHANGES: enrollmentChanges,
  async *REGISTRY_MISMATCH(c) {
    yield await rosterFile(c, resourceOf(EnrollmentCheck), { schoolId: c.school.id, schoolYear: c.schoolYear, ...(c.semester && { semester: c.semester }) }, '学籍三比对（人籍不符）');
  },
  async *SPECIAL_GROUP_CARE(c) {
    yield await rosterFile(c, students, { schoolId: c.school.id, focusCategories: SPECIAL_GROUPS }, '特殊群体儿童花名册');
    const ids = await studentIdsOf(c);
    if (ids.length) yield await rosterFile(c, resourceOf(CareCheck), { studentId: ids, date_gte: c.from, date_lte: c.to }, '关爱记录（每日一问、每周一见）');
    yield* visitRecords(c, VisitPurpose.CARE, '关爱走访记录', '关爱走访');
  },
  async *HOME_TEACHING_ROSTER(c) {
    yield await rosterFile(c, students, { schoolId: c.school.id, homeTeaching: true }, '残疾送教儿童花名册');
  },
  HOME_TEACHING_RECORDS: (c) => visitRecords(c, VisitPurpose.HOME_TEACHING, '送教上门记录', '送教记录'),
  async *SUSPECTED_ROSTER(c) {
    const filter = { schoolId: c.school.id, discoveredOn_gte: c.from, discoveredOn_lte: c.to };
    yield await reportFile(c, dropoutStatusReport, { from: c.from, to: c.to, groupBy: 'SCHOOL' }, '疑似失（辍）学案件状态统计表.xlsx');
    yield await rosterFile(c, cases, filter, '疑似失、辍学学生花名册');
    yield* recordsWithForms(c, cases, filter, { discoveredOn: 'asc' }, '核查认定表', (d: DropoutCase) => d.discoveredOn, 'dropoutCaseId');
  },
  PERSUASION_RECORDS: (c) => visitRecords(c, VisitPurpose.PERSUASION, '劝返家访记录', '劝返记录'),
};
