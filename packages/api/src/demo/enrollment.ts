import { SchoolKind } from '../org/org.enums';
import { EnrollmentChangeKind as K, EnrollmentState as E } from '../roster/enrollment.enums';
import { SchoolingStatus as S } from '../roster/roster.enums';
import type { CountyPlan, SchoolPlan, Staffing } from './county';
import type { Roster, StudentRow } from './roster';
import { Rng } from './random';

// The demo's 学籍异动 (002 附件2-2 Ⅴ类), a realistic handful that leave the roster as it is
// generated (every student's school and class are where their last change put them): pupils who
// came back from outside the county, summer transfers between county schools, last July's
// primary graduates now in junior school, suspensions (some resumed), long leaves, and children
// now 县域外就读 whose county school recorded their transfer out.

export interface EnrollmentChangeRow {
  id: string; version: number; created_at: Date; updated_at: Date; bureau_id: string;
  student_id: string; kind: K; effective_on: string;
  from_school_id: string | null; from_class_id: string | null; from_status: S;
  to_school_id: string | null; to_class_id: string | null; to_status: S; state_after: E;
  other_school_name: string | null; reason: string | null; document_number: string | null; leave_until: string | null;
}

const OUTSIDE = ['西安市雁塔区第二小学', '渭南市临渭区向阳小学', '广东省东莞市长安镇中心小学', '浙江省义乌市稠城第一小学', '西安市灞桥区洪庆中学'];
const DAY = 86_400_000;
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const dayName = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plus = (s: string, n: number) => dayName(day(s) + n * DAY);

/** The demo's enrolment changes (about one student in 600 for each kind of story, at least one). */
export function generateEnrollmentChanges(plan: CountyPlan, staffing: Staffing, roster: Roster, seed: number): EnrollmentChangeRow[] {
  const rng = Rng.stream(seed, 'enrollment');
  const ids = Rng.stream(seed, 'enrollment-ids');
  const between = (from: string, to: string) => plus(from, rng.int(0, Math.max(0, (day(to) - day(from)) / DAY)));
  const schoolOf = new Map(plan.schools.map((s) => [s.row.id, s]));
  const gradeOf = new Map(staffing.classes.map((c) => [c.row.id, c.row.grade]));
  const enrolled = rng.shuffle(roster.students.filter((s) => s.school_id && s.class_id && s.schooling_status === S.IN_COUNTY));
  const k = Math.max(1, Math.round(enrolled.length / 600));
  const out: EnrollmentChangeRow[] = [];
  let docNo = 0;
  const add = (s: StudentRow, kind: K, on: string, o: Partial<EnrollmentChangeRow>) => {
    const at = new Date(Date.parse(`${on}T10:00:00+08:00`) + rng.int(0, 6 * 3_600_000));
    out.push({
      id: ids.uuid(), version: 1, created_at: at, updated_at: at, bureau_id: plan.bureau.id, student_id: s.id, kind, effective_on: on,
      from_school_id: s.school_id, from_class_id: s.class_id, from_status: S.IN_COUNTY,
      to_school_id: null, to_class_id: null, to_status: S.IN_COUNTY, state_after: E.ATTENDING,
      other_school_name: null, reason: null, document_number: null, leave_until: null, ...o,
    });
  };
  const here = (s: StudentRow) => ({ to_school_id: s.school_id, to_class_id: s.class_id });
  const take = (n: number, fits: (s: StudentRow) => boolean = () => true) => {
    const found: StudentRow[] = [];
    for (let i = 0; i < enrolled.length && found.length < n; i++) {
      if (fits(enrolled[i])) found.push(...enrolled.splice(i--, 1));
    }
    return found;
  };
  const kindOf = (s: StudentRow) => schoolOf.get(s.school_id!)!.kind;
  const compulsory = (p: SchoolPlan) => p.kind === SchoolKind.PRIMARY || p.kind === SchoolKind.JUNIOR || p.kind === SchoolKind.NINE_YEAR;

  for (const s of take(k, (x) => compulsory(schoolOf.get(x.school_id!)!))) {
    add(s, K.TRANSFER_IN, between('2024-09-02', '2025-03-10'), {
      from_school_id: null, from_class_id: null, from_status: S.OUT_OF_COUNTY, ...here(s),
      other_school_name: rng.pick(OUTSIDE), reason: '随父母返乡就读', document_number: `蒲教学籍〔2024〕${++docNo}号`,
    });
  }
  for (const s of take(k, (x) => plan.schools.some((p) => p.kind === kindOf(x) && p.row.id !== x.school_id && !p.row.parent_school_id))) {
    const from = rng.pick(plan.schools.filter((p) => p.kind === kindOf(s) && p.row.id !== s.school_id && !p.row.parent_school_id));
    add(s, K.TRANSFER_OUT, between('2024-08-20', '2024-08-30'), {
      from_school_id: from.row.id, from_class_id: null, ...here(s), reason: '家庭搬迁，就近入学', document_number: `蒲教学籍〔2024〕${++docNo}号`,
    });
  }
  // Last July's primary graduates (小学毕业库), now in the first year of a junior school of their town.
  for (const s of take(k, (x) => gradeOf.get(x.class_id!) === 7)) {
    const primary = plan.schools.find((p) => p.kind === SchoolKind.PRIMARY && p.town === schoolOf.get(s.school_id!)!.town);
    if (!primary) continue;
    add(s, K.GRADUATION, '2024-07-05', { from_school_id: primary.row.id, from_class_id: null, ...here(s) });
  }
  for (const s of take(k)) add(s, K.SUSPENSION, between('2024-11-04', '2025-02-28'), { state_after: E.SUSPENDED, reason: '因病休学（附医院诊断证明）' });
  for (const s of take(k)) {
    add(s, K.SUSPENSION, between('2024-09-23', '2024-11-29'), { state_after: E.SUSPENDED, reason: '因病休学（附医院诊断证明）' });
    add(s, K.RESUMPTION, between('2025-02-17', '2025-03-07'), { ...here(s), reason: '病愈复学' });
  }
  for (const s of take(k)) {
    const on = between('2025-02-20', '2025-03-10');
    add(s, K.LONG_LEAVE, on, { state_after: E.ON_LEAVE, leave_until: plus(on, rng.int(30, 60)), reason: '随父母外出就医' });
  }
  // Children now 县域外就读: the county school they attended last year recorded their transfer out.
  const gone = roster.students.filter((s) => !s.school_id && s.schooling_status === S.OUT_OF_COUNTY && s.household_village_id).slice(0, k);
  for (const s of gone) {
    const school = plan.schools.find((p) => p.kind === SchoolKind.PRIMARY && p.town.villages.some((v) => v.id === s.household_village_id));
    if (!school) continue;
    add(s, K.TRANSFER_OUT, between('2024-07-08', '2024-08-30'), {
      from_school_id: school.row.id, from_class_id: null, to_status: S.OUT_OF_COUNTY, state_after: E.LEFT,
      other_school_name: rng.pick(OUTSIDE), reason: '随父母外出务工地就读', document_number: `蒲教学籍〔2024〕${++docNo}号`,
    });
  }
  return out;
}
