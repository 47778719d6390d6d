import { SchoolKind, StaffPosition } from '../org/org.enums';
import { schoolTermOf } from '../core/time/school-year';
import { enumLabels } from '../core/resource/enums';
import { FocusCategory as F, SchoolingStatus, type FocusCategory } from '../roster/roster.enums';
import { CampaignKind, RosterPriority } from '../campaign/campaign.enums';
import { PairingMode, PairingStatus, type SupportType } from '../pairing/pairing.enums';
import { CareCheckKind, Satisfaction, SuggestionStatus, VisitForm, VisitPurpose, VisitStatus, VisitTransport } from '../visit/visit.enums';
import { AssistanceCategory, FundingSource } from '../assistance/assistance.enums';
import { fundingSourceFor } from '../assistance/assistance.rules';
import { DropoutCaseStatus, DropoutCategory, NonDropoutCategory } from '../dropout/dropout.enums';
import { NEEDS_POLICE, schoolingStatusOfDropout } from '../dropout/dropout.rules';
import { COUNTY_NAME, SCHOOL_YEAR, type ClassPlan, type CountyPlan, type SchoolPlan, type StaffRow, type Staffing, type Town } from './county';
import type { Person, Roster } from './roster';
import { Rng } from './random';
import { tinyPdf, tinyPng, type DemoFile } from './files';
import * as T from './texts';

// What the county has done in the 2024–2025 school year: the home-visit campaigns and their
// rosters, pairings, visit records with parents' suggestions, care checks for orphans and
// unsupported children, aid, dropout cases with their evidence, and the enrollment checks.
//
// Everything is dated against a fixed "today" of the demo, ACTIVITY_DATE (a Friday in March
// 2025: the autumn campaign and the Spring Festival visits are done, the spring revisits are
// under way), except the few visits that are out right now: they are timed from the real clock,
// so the safety report (逾期未归) always has something to show.

/** The demo's "today": records are dated up to here, planned visits after it. */
export const ACTIVITY_DATE = '2025-03-14';
const MINUTE = 60_000;
const DAY = 86_400_000;
/** The end of the demo's "today" (18:00 Beijing time). */
const ACTIVITY_END = new Date(Date.parse(`${ACTIVITY_DATE}T18:00:00+08:00`));
/** School days of the spring semester before ACTIVITY_DATE that care checks cover. */
const CARE_FROM = '2025-02-17';

export const COVERAGE_CAMPAIGN = '2024年万名教师大家访';
export const REVISIT_CAMPAIGN = '2025年春季重点学生回访';
export const ASSISTANCE_CAMPAIGN = '2025年春节慰问家访';

/** Rosters are complete up to these sizes; above, the demo school's students plus a sample. */
const COVERAGE_LIMIT = 20_000;
const REVISIT_LIMIT = 4_000;
const ASSISTANCE_LIMIT = 2_500;

// Days are 'YYYY-MM-DD' strings; the generator handles a few hundred distinct ones a hundred
// thousand times, so their numbers are kept rather than parsed again.
const dayNumbers = new Map<string, number>();
const dayNames = new Map<number, string>();
/** Days since 1970-01-01. */
function dayNumber(day: string): number {
  let n = dayNumbers.get(day);
  if (n === undefined) dayNumbers.set(day, (n = Math.round(Date.parse(`${day}T00:00:00Z`) / DAY)));
  return n;
}
function dayName(n: number): string {
  let d = dayNames.get(n);
  if (d === undefined) dayNames.set(n, (d = new Date(n * DAY).toISOString().slice(0, 10)));
  return d;
}
/** A moment on a day in Beijing time, `minutes` after midnight. */
function at(day: string, minutes: number): Date {
  return new Date(dayNumber(day) * DAY - 8 * 3_600_000 + minutes * MINUTE);
}
function addDays(day: string, n: number): string {
  return dayName(dayNumber(day) + n);
}
/** 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
function weekday(day: string): number {
  return (dayNumber(day) + 4) % 7;
}
function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}
/** A day in [from, to]; with `weekdays`, Monday to Friday only (when there is one). */
function dayIn(rng: Rng, from: string, to: string, weekdays = false): string {
  const span = Math.max(0, daysBetween(from, to));
  for (let tries = 0; tries < 12; tries++) {
    const d = addDays(from, rng.int(0, span));
    if (!weekdays || (weekday(d) >= 1 && weekday(d) <= 5)) return d;
  }
  return from;
}
const maxDay = (...days: string[]) => days.reduce((a, b) => (a > b ? a : b));
/** The Beijing day of a moment. */
const dayOf = (d: Date) => dayName(Math.floor((d.getTime() + 8 * 3_600_000) / DAY));
const terms = new Map<string, ReturnType<typeof schoolTermOf>>();
const termOf = (day: string) => terms.get(day) ?? terms.set(day, schoolTermOf(day)).get(day)!;

// ---- rows ----

interface RowBase { id: string; version: number; created_at: Date; updated_at: Date; bureau_id: string }
export interface CampaignRow extends RowBase {
  name: string; kind: CampaignKind; school_year: string; start_date: string; end_date: string; target_categories: FocusCategory[]; description: string | null;
}
export interface RosterEntryRow extends RowBase { campaign_id: string; student_id: string; assigned_staff_id: string; priority: RosterPriority; reason: string | null }
export interface PairingRow extends RowBase {
  mode: PairingMode; support_types: SupportType[]; plan: string | null; start_date: string; end_date: string | null; status: PairingStatus;
}
export interface VisitRow extends RowBase {
  campaign_id: string | null; student_id: string; visitor_id: string; form: VisitForm; purpose: VisitPurpose; status: VisitStatus;
  address: string | null; planned_at: Date | null; expected_return_at: Date | null; departed_at: Date | null; returned_at: Date | null;
  transport: VisitTransport | null; completed_at: Date | null; visited_at: Date | null; reviewed_at: Date | null; departed_by_id: string | null; completed_by_id: string | null; reviewed_by_id: string | null;
  recorded_by_id: string | null; parent_met_name: string | null; parent_met_phone: string | null; family_situation: string | null;
  student_situation: string | null; key_points: string | null; effect: string | null; parent_consent: boolean; dropout_case_id: string | null;
  callback_confirmed: boolean | null; satisfaction: Satisfaction | null; callback_note: string | null;
}
export interface SuggestionRow extends RowBase {
  visit_id: string; content: string; category: string; answered_on_spot: boolean; response: string | null; status: SuggestionStatus;
  issue_scope: string; handler_id: string | null; resolved_at: Date | null;
}
export interface CareCheckRow extends RowBase { student_id: string; kind: CareCheckKind; date: string; staff_id: string; note: string | null }
export interface AssistanceRow extends RowBase {
  student_id: string; school_id: string | null; category: AssistanceCategory; cash_fen: number | null; goods_value_fen: number | null;
  description: string | null; funding_source: FundingSource; donor: string | null; date: string; visit_id: string | null;
  school_year: string; semester: string; recorded_by_id: string | null;
}
export interface DropoutCaseRow extends RowBase {
  student_id: string; school_id: string | null; discovered_on: string; reporter_id: string | null; status: DropoutCaseStatus;
  dropout_category: DropoutCategory | null; non_dropout_category: NonDropoutCategory | null; details: string | null; evidence_note: string | null;
  guardian_signed_on: string | null; school_verifier_id: string | null; school_verified_on: string | null; village_signed_on: string | null;
  principal_signed_on: string | null; town_signed_on: string | null; police_signed_on: string | null; confirmed_on: string | null; returned_on: string | null; closed_on: string | null;
}
export interface AttachmentRow extends RowBase {
  kind: 'EVIDENCE' | 'PHOTO' | 'FORM' | 'OTHER'; file_name: string; mime_type: string; size: number; sha256: string; content: Buffer;
  dropout_case_id: string | null; visit_id: string | null; uploaded_by_id: string | null;
}
export interface EnrollmentCheckRow extends RowBase {
  school_id: string; school_year: string; semester: string; registry_count: number; last_semester_count: number | null;
  reported_count: number; registered_absent: number; present_unregistered: number; note: string | null;
}

export interface Activity {
  campaigns: CampaignRow[];
  rosterEntries: RosterEntryRow[];
  pairings: PairingRow[];
  pairingHelpers: Array<{ pairing_id: string; staff_member_id: string }>;
  pairingStudents: Array<{ pairing_id: string; student_id: string }>;
  dropoutCases: DropoutCaseRow[];
  visits: VisitRow[];
  companions: Array<{ visit_record_id: string; staff_member_id: string }>;
  suggestions: SuggestionRow[];
  careChecks: CareCheckRow[];
  assistanceItems: AssistanceRow[];
  attachments: AttachmentRow[];
  enrollmentChecks: EnrollmentCheckRow[];
}

/** The demo logins the records mention (who recorded, reviewed, uploaded). */
export interface DemoPeople {
  teacher: { userId: string; staffId: string };
  principal: { userId: string; staffId: string };
  aidUserId: string;
}

interface SchoolStaff {
  principal: StaffRow;
  leaders: StaffRow[];
  /** Head teachers and teachers (active). */
  teachers: StaffRow[];
  aid: StaffRow | null;
}

const REVISIT_TARGETS: FocusCategory[] = [F.ORPHAN, F.UNSUPPORTED, F.REGISTERED_POOR, F.UNSTABLE_EXIT, F.EDGE_OF_POVERTY, F.DISABLED, F.PSYCHOLOGICAL, F.MAJOR_CHANGE, F.DROPOUT_RISK, F.LEARNING_DIFFICULTY];
const ASSISTANCE_TARGETS: FocusCategory[] = [F.ORPHAN, F.UNSUPPORTED, F.EXTREME_POVERTY, F.LOW_INCOME, F.REGISTERED_POOR, F.SERIOUS_ILLNESS, F.SUDDEN_HARDSHIP];
const NATIONAL_AID: FocusCategory[] = [F.REGISTERED_POOR, F.LOW_INCOME, F.EXTREME_POVERTY, F.UNSTABLE_EXIT, F.EDGE_OF_POVERTY, F.ORPHAN, F.UNSUPPORTED];
/** Categories that call for a pairing, with the chance a student of the category gets one. */
const PAIRING_CHANCE: Array<[FocusCategory, number]> = [
  [F.ORPHAN, 0.9], [F.UNSUPPORTED, 0.9], [F.DROPOUT_RISK, 0.8], [F.PSYCHOLOGICAL, 0.6], [F.REGISTERED_POOR, 0.3],
  [F.DISABLED, 0.3], [F.LEARNING_DIFFICULTY, 0.2], [F.MAJOR_CHANGE, 0.2], [F.LEFT_BEHIND, 0.08], [F.UNSTABLE_EXIT, 0.3],
];
/** Who gets more than one teacher (多帮一). */
const NEEDS_SEVERAL: FocusCategory[] = [F.ORPHAN, F.UNSUPPORTED, F.DROPOUT_RISK, F.PSYCHOLOGICAL];
const DONORS = ['蒲城县慈善总会', '蒲城县红十字会', '县妇联“春蕾计划”', '县总工会', '爱心企业（匿名捐助）', '蒲城籍在外乡贤', '县关工委'];

export interface ActivityInput {
  plan: CountyPlan;
  staffing: Staffing;
  roster: Roster;
  who: DemoPeople;
  seed: number;
  /** The real clock, for the visits that are out right now. */
  now: number;
}

/**
 * Generates the activity rows. Changes the student rows of children whose dropout case sets
 * their schooling status (confirmed dropouts), so call it before the students are written.
 */
export function generateActivity({ plan, staffing, roster, who, seed, now }: ActivityInput): Activity {
  const out: Activity = {
    campaigns: [], rosterEntries: [], pairings: [], pairingHelpers: [], pairingStudents: [], dropoutCases: [], visits: [],
    companions: [], suggestions: [], careChecks: [], assistanceItems: [], attachments: [], enrollmentChecks: [],
  };
  const bureauId = plan.bureau.id;
  const labels = enumLabels.get('FocusCategory') ?? {};
  const ids = (label: string) => Rng.stream(seed, `${label}-ids`);
  const campaignIds = ids('campaign');
  const rosterIds = ids('roster-entry');
  const pairingIds = ids('pairing');
  const visitIds = ids('visit');
  const suggestionIds = ids('suggestion');
  const careIds = ids('care-check');
  const aidIds = ids('assistance');
  const caseIds = ids('dropout-case');
  const fileIds = ids('attachment');
  const checkIds = ids('enrollment-check');
  const base = (id: string, created: Date, updated = created, version = 1): RowBase => ({ id, version, created_at: created, updated_at: updated, bureau_id: bureauId });

  // ---- who is where ----
  const schoolById = new Map(plan.schools.map((s) => [s.row.id, s]));
  const staffById = new Map(staffing.staff.map((s) => [s.id, s]));
  const staffOf = new Map<string, SchoolStaff>();
  for (const school of plan.schools) {
    staffOf.set(school.row.id, { principal: staffing.principals.get(school)!, leaders: [], teachers: [], aid: null });
  }
  for (const s of staffing.staff) {
    if (!s.active) continue;
    const entry = staffOf.get(s.school_id)!;
    if (s.position === StaffPosition.LEADER) entry.leaders.push(s);
    else if (s.position === StaffPosition.HEAD_TEACHER || s.position === StaffPosition.TEACHER) entry.teachers.push(s);
    else if (s.position === StaffPosition.AID_OFFICER) entry.aid = s;
  }
  const demoSchool = plan.schools.find((s) => staffing.principals.get(s)?.id === who.principal.staffId)!;
  const demoSchools = new Set(plan.schools.filter((s) => s === demoSchool || s.row.parent_school_id === demoSchool.row.id).map((s) => s.row.id));
  const teacherClass = staffing.classes.find((c) => c.row.head_teacher_id === who.teacher.staffId) ?? null;
  const userOf = (staffId: string): string | null =>
    staffId === who.teacher.staffId ? who.teacher.userId : staffId === who.principal.staffId ? who.principal.userId : null;
  const reviewerOf = (schoolId: string | null): string | null => (schoolId && demoSchools.has(schoolId) ? who.principal.userId : null);
  const headOf = (p: Person): StaffRow | null => (p.klass?.row.head_teacher_id ? staffById.get(p.klass.row.head_teacher_id) ?? null : null);
  const gradeOf = (p: Person): number | null => p.klass?.row.grade ?? null;
  const inDemo = (p: Person) => !!p.row.school_id && demoSchools.has(p.row.school_id);
  const inTeacherClass = (p: Person) => !!teacherClass && p.klass === teacherClass;
  const people = roster.people;
  const personById = new Map(people.map((p) => [p.row.id, p]));
  const enrolled = people.filter((p) => p.klass);
  const has = (p: Person, cats: readonly FocusCategory[]) => cats.some((c) => p.cats.has(c));

  /** Another active staff member of the school, not one of `not`. */
  const colleague = (rng: Rng, schoolId: string, not: StaffRow[], preferLeaders = false): StaffRow | null => {
    const s = staffOf.get(schoolId)!;
    const pool = (preferLeaders ? [s.principal, ...s.leaders] : [...s.teachers, ...s.leaders]).filter((x) => !not.includes(x));
    const fallback = [s.principal, ...s.leaders, ...s.teachers].filter((x) => !not.includes(x));
    return pool.length ? rng.pick(pool) : fallback.length ? rng.pick(fallback) : null;
  };

  /** Everyone when the list is short enough; otherwise the demo school's students and a sample. */
  const sample = (rng: Rng, list: Person[], limit: number): Person[] => {
    if (list.length <= limit) return list;
    const own = list.filter(inDemo).length;
    const rate = Math.max(0, limit - own) / Math.max(1, list.length - own);
    return list.filter((p) => inDemo(p) || rng.chance(rate));
  };

  // ---- campaigns ----
  const campaign = (name: string, kind: CampaignKind, start: string, end: string, targets: FocusCategory[], description: string, created: string): CampaignRow => {
    const row: CampaignRow = {
      ...base(campaignIds.uuid(), at(created, 9 * 60 + 30)), name, kind, school_year: SCHOOL_YEAR, start_date: start, end_date: end,
      target_categories: targets, description,
    };
    out.campaigns.push(row);
    return row;
  };
  const coverage = campaign(COVERAGE_CAMPAIGN, CampaignKind.COVERAGE, '2024-09-02', '2024-12-31', [],
    '全县中小学、幼儿园教师对所带班级学生全员家访，每生至少实地或线上家访一次，重点学生必须实地家访。实地家访须提前报备出行（地址、出发和预计返回时间），原则上两人同行，返回后及时登记；家访结束后一周内填写家访记录表，学校审核并抽查回访。严禁收受家长礼品礼金。',
    '2024-08-26');
  const assistance = campaign(ASSISTANCE_CAMPAIGN, CampaignKind.ASSISTANCE, '2025-01-13', '2025-02-07', ASSISTANCE_TARGETS,
    '春节前对孤儿、事实无人抚养儿童、特困供养、低保和脱贫家庭学生开展慰问家访，送去慰问金和慰问品，宣讲寒假安全和资助政策。慰问物资由学校登记发放，做到账实相符。',
    '2025-01-06');
  const revisit = campaign(REVISIT_CAMPAIGN, CampaignKind.REVISIT, '2025-03-03', '2025-04-30', REVISIT_TARGETS,
    '开学后对重点群体学生开展回访，了解寒假期间家庭变化，检查结对帮扶和一生一策落实情况。孤儿、事实无人抚养儿童和有辍学倾向的学生须在三月底前实地回访。',
    '2025-02-24');

  const enlist = (c: CampaignRow, p: Person, staff: StaffRow, priority: RosterPriority, reason: string, created: Date): RosterEntryRow => {
    const row: RosterEntryRow = { ...base(rosterIds.uuid(), created), campaign_id: c.id, student_id: p.row.id, assigned_staff_id: staff.id, priority, reason };
    out.rosterEntries.push(row);
    return row;
  };

  // ---- visits ----
  const visitsOf = new Map<string, VisitRow[]>();
  const textRng = Rng.stream(seed, 'visit-texts');
  // Some phone and online visits are entered days later (家访时间 given by the teacher).
  const lateRng = Rng.stream(seed, 'visit-entered-late');
  // How teachers get to a family: on foot in town, the school's car or a licensed hire further out.
  const transportRng = Rng.stream(seed, 'visit-transport');
  const transportOf = () =>
    transportRng.weighted<VisitTransport>([
      [VisitTransport.WALKING, 35], [VisitTransport.SCHOOL_VEHICLE, 25], [VisitTransport.OWN_VEHICLE, 20],
      [VisitTransport.LICENSED_HIRE, 12], [VisitTransport.PUBLIC_TRANSPORT, 8],
    ]);
  interface VisitSpec {
    p: Person;
    visitor: StaffRow;
    campaign?: CampaignRow | null;
    form: VisitForm;
    purpose: VisitPurpose;
    status: VisitStatus;
    day: string;
    companions?: StaffRow[];
    dropoutCaseId?: string;
    effect?: 'PERSUASION_DONE';
  }
  const addVisit = (rng: Rng, v: VisitSpec): VisitRow => {
    const travel = v.form === VisitForm.IN_PERSON;
    const weekend = weekday(v.day) === 0 || weekday(v.day) === 6;
    const start = travel ? (weekend ? 9 * 60 + rng.int(0, 36) * 10 : 16 * 60 + 30 + rng.int(0, 12) * 10) : 19 * 60 + rng.int(0, 12) * 10;
    const plannedAt = at(v.day, start);
    const expectedReturnAt = travel ? new Date(plannedAt.getTime() + rng.int(6, 12) * 15 * MINUTE) : null;
    const done = v.status === VisitStatus.COMPLETED || v.status === VisitStatus.REVIEWED;
    const departedAt = travel && v.status !== VisitStatus.PLANNED ? new Date(plannedAt.getTime() + rng.int(0, 15) * MINUTE) : null;
    const returnedAt = departedAt && done ? new Date(departedAt.getTime() + rng.int(45, 165) * MINUTE) : null;
    let completedAt = done ? new Date((returnedAt ?? plannedAt).getTime() + (travel ? rng.int(10, 120) : rng.int(10, 40)) * MINUTE) : null;
    const visitedAt = done ? (departedAt ?? plannedAt) : null;
    if (completedAt && !travel && lateRng.chance(0.08)) {
      const late = new Date(completedAt.getTime() + lateRng.int(1, 6) * DAY);
      if (late < ACTIVITY_END) completedAt = late;
    }
    const reviewedAt = v.status === VisitStatus.REVIEWED ? at(addDays(dayOf(completedAt!), rng.int(1, 9)), rng.int(8 * 60, 17 * 60)) : null;
    const plannedFrom = v.status === VisitStatus.PLANNED ? Math.min(plannedAt.getTime(), ACTIVITY_END.getTime()) : plannedAt.getTime();
    let created = new Date(plannedFrom - rng.int(1, 6) * DAY - rng.int(0, 8 * 60) * MINUTE);
    if (v.campaign) created = new Date(Math.max(created.getTime(), at(v.campaign.start_date, 8 * 60).getTime() - 7 * DAY));
    const userId = userOf(v.visitor.id);
    const school = v.p.row.school_id;
    const callback = v.status === VisitStatus.REVIEWED && rng.chance(0.65);
    const met = done ? T.guardianMet(v.p) : undefined;
    const ctx = { p: v.p, grade: gradeOf(v.p) };
    const month = Number(v.day.slice(5, 7));
    const row: VisitRow = {
      ...base(visitIds.uuid(), created, reviewedAt ?? completedAt ?? departedAt ?? created,
        1 + (departedAt ? 1 : 0) + (done ? 1 : 0) + (reviewedAt ? 1 : 0)),
      campaign_id: v.campaign?.id ?? null, student_id: v.p.row.id, visitor_id: v.visitor.id, form: v.form, purpose: v.purpose, status: v.status,
      address: travel ? `${COUNTY_NAME}${v.p.row.address}` : null, transport: travel ? transportOf() : null,
      planned_at: plannedAt, expected_return_at: expectedReturnAt, departed_at: departedAt, returned_at: returnedAt,
      completed_at: completedAt, visited_at: visitedAt, reviewed_at: reviewedAt,
      departed_by_id: departedAt ? userId : null, completed_by_id: done ? userId : null, reviewed_by_id: reviewedAt ? reviewerOf(school) : null,
      recorded_by_id: userId,
      parent_met_name: met?.name ?? null, parent_met_phone: met?.phone ?? null,
      family_situation: done ? T.familySituation(textRng, ctx) : null,
      student_situation: done ? T.studentSituation(textRng, ctx) : null,
      key_points: done ? T.keyPoints(textRng, v.purpose, month) : null,
      effect: done ? T.visitEffect(textRng, v.effect ?? v.purpose) : null,
      parent_consent: done && rng.chance(0.93),
      dropout_case_id: v.dropoutCaseId ?? null,
      callback_confirmed: callback ? rng.chance(0.97) : null,
      satisfaction: callback ? rng.weighted<Satisfaction>([[Satisfaction.VERY_SATISFIED, 55], [Satisfaction.SATISFIED, 35], [Satisfaction.NEUTRAL, 8], [Satisfaction.DISSATISFIED, 2]]) : null,
      callback_note: callback && rng.chance(0.4) ? T.callbackNote(textRng) : null,
    };
    out.visits.push(row);
    for (const c of v.companions ?? []) out.companions.push({ visit_record_id: row.id, staff_member_id: c.id });
    const list = visitsOf.get(v.p.row.id);
    if (list) list.push(row);
    else visitsOf.set(v.p.row.id, [row]);
    return row;
  };
  const formFor = (rng: Rng, high: boolean, kindergarten: boolean): VisitForm =>
    high ? rng.weighted([[VisitForm.IN_PERSON, 86], [VisitForm.PHONE, 8], [VisitForm.ONLINE, 6]])
      : rng.weighted([
        [VisitForm.IN_PERSON, 56], [VisitForm.PHONE, 18], [VisitForm.ONLINE, 12], [VisitForm.AT_SCHOOL, kindergarten ? 14 : 7],
        [VisitForm.SMS, 3], [VisitForm.LETTER, 2],
      ]);
  const companionsFor = (rng: Rng, p: Person, visitor: StaffRow, form: VisitForm): StaffRow[] => {
    if (form !== VisitForm.IN_PERSON || !p.row.school_id) return [];
    const serious = has(p, [F.ORPHAN, F.UNSUPPORTED, F.DROPOUT_RISK, F.PSYCHOLOGICAL]);
    if (serious && rng.chance(0.55)) {
      const leader = colleague(rng, p.row.school_id, [visitor], true);
      return leader ? [leader] : [];
    }
    if (!rng.chance(0.2)) return [];
    const first = colleague(rng, p.row.school_id, [visitor]);
    if (!first) return [];
    const second = rng.chance(0.15) ? colleague(rng, p.row.school_id, [visitor, first]) : null;
    return second ? [first, second] : [first];
  };

  // ---- dropout cases (first: persuasion visits refer to them, and they change students) ----
  generateCases();

  // ---- pairings ----
  const helpersOf = new Map<string, StaffRow[]>();
  generatePairings();

  // ---- the 2024 coverage campaign ----
  {
    const rng = Rng.stream(seed, 'coverage');
    const chosen = sample(rng, enrolled, COVERAGE_LIMIT);
    const entries: Array<{ p: Person; staff: StaffRow; priority: RosterPriority }> = [];
    for (const p of chosen) {
      const head = headOf(p)!;
      const school = staffOf.get(p.row.school_id!)!;
      let staff = head;
      if (inTeacherClass(p)) staff = head;
      else if (inDemo(p) && p.row.school_id === demoSchool.row.id && (has(p, [F.ORPHAN, F.UNSUPPORTED, F.DROPOUT_RISK]) || rng.chance(0.01))) staff = school.principal;
      else if (rng.chance(0.1)) staff = colleague(rng, p.row.school_id!, [head]) ?? head;
      entries.push({ p, staff, priority: p.cats.size ? RosterPriority.HIGH : RosterPriority.NORMAL });
    }
    // The demo principal visits a few families of the school too.
    const principal = staffOf.get(demoSchool.row.id)!.principal;
    if (!entries.some((e) => e.staff === principal)) {
      const e = entries.find((x) => x.p.row.school_id === demoSchool.row.id && !inTeacherClass(x.p));
      if (e) e.staff = principal;
    }
    let forced = 0;
    for (const { p, staff, priority } of entries) {
      const created = at(dayIn(rng, '2024-08-28', '2024-09-06'), rng.int(8 * 60, 18 * 60));
      enlist(coverage, p, staff, priority, T.rosterReason(labels, p.cats, gradeOf(p), 'COVERAGE'), created);
      // The demo teacher's class shows both a completed and a reviewed visit whatever the draw.
      const force = inTeacherClass(p) && forced < 2 ? (forced++ === 0 ? VisitStatus.COMPLETED : VisitStatus.REVIEWED) : null;
      if (!force && !rng.chance(0.93)) continue;
      const status = force ?? (rng.chance(0.55) ? VisitStatus.REVIEWED : VisitStatus.COMPLETED);
      const month = rng.weighted([['09', 35], ['10', 30], ['11', 20], ['12', 15]] as const);
      const day = dayIn(rng, `2024-${month}-${month === '09' ? '03' : '01'}`, `2024-${month}-${month === '09' || month === '11' ? '30' : month === '12' ? '28' : '31'}`);
      const form = formFor(rng, priority === RosterPriority.HIGH, gradeOf(p) === 0);
      addVisit(rng, { p, visitor: staff, campaign: coverage, form, purpose: VisitPurpose.ROUTINE, status, day, companions: companionsFor(rng, p, staff, form) });
    }
  }

  // ---- Spring Festival consolation visits, with the aid given at them ----
  const aidRng = Rng.stream(seed, 'assistance');
  const addAid = (p: Person, category: AssistanceCategory, fields: { cash?: number; goods?: number; description: string; source: FundingSource; donor?: string; date: string; visit?: VisitRow; recordedBy?: string | null }) => {
    const term = termOf(fields.date);
    const created = at(fields.date, aidRng.int(9 * 60, 17 * 60));
    out.assistanceItems.push({
      ...base(aidIds.uuid(), created), student_id: p.row.id, school_id: p.row.school_id, category,
      cash_fen: fields.cash ?? null, goods_value_fen: fields.goods ?? null, description: fields.description, funding_source: fields.source,
      donor: fields.donor ?? null, date: fields.date, visit_id: fields.visit?.id ?? null, school_year: term.schoolYear, semester: term.semester,
      recorded_by_id: fields.recordedBy !== undefined ? fields.recordedBy : inDemo(p) ? who.principal.userId : null,
    });
  };
  {
    const rng = Rng.stream(seed, 'consolation');
    const eligible = enrolled.filter((p) => has(p, ASSISTANCE_TARGETS));
    for (const p of sample(rng, eligible, ASSISTANCE_LIMIT)) {
      const head = headOf(p)!;
      const school = staffOf.get(p.row.school_id!)!;
      const alone = has(p, [F.ORPHAN, F.UNSUPPORTED]);
      const staff = alone && p.row.school_id === demoSchool.row.id ? school.principal : head;
      const priority = alone || p.cats.has(F.EXTREME_POVERTY) ? RosterPriority.HIGH : RosterPriority.NORMAL;
      enlist(assistance, p, staff, priority, T.rosterReason(labels, p.cats, gradeOf(p), 'ASSISTANCE'), at(dayIn(rng, '2025-01-06', '2025-01-10'), rng.int(9 * 60, 17 * 60)));
      if (!rng.chance(0.95)) continue;
      const companion = rng.chance(0.7) ? (staff !== school.principal && rng.chance(0.5) ? school.principal : school.aid ?? colleague(rng, p.row.school_id!, [staff], true)) : null;
      const visit = addVisit(rng, {
        p, visitor: staff, campaign: assistance, form: VisitForm.IN_PERSON, purpose: VisitPurpose.CONSOLATION,
        status: rng.chance(0.5) ? VisitStatus.REVIEWED : VisitStatus.COMPLETED, day: dayIn(rng, '2025-01-13', '2025-01-26'),
        companions: companion && companion !== staff ? [companion] : [],
      });
      const date = dayOf(visit.visited_at!);
      // 000 六(三): kindergartens and senior schools pay from their aid fund, the others from 生均公用经费.
      const source = fundingSourceFor(schoolById.get(p.row.school_id!)!.row.kind);
      const cash = rng.chance(0.75);
      if (cash) addAid(p, AssistanceCategory.CONSOLATION_CASH, { cash: alone ? 100_000 : rng.pick([30_000, 50_000, 50_000, 80_000]), description: '春节慰问金', source, date, visit });
      if (!cash || rng.chance(0.6)) {
        addAid(p, AssistanceCategory.CONSOLATION_GOODS, {
          goods: rng.pick([15_000, 20_000, 25_800, 32_000]), description: rng.pick(['大米一袋、面粉一袋、食用油一桶', '米面油和春联、年画', '羽绒服一件、棉鞋一双', '牛奶两箱、食用油一桶']),
          source, date, visit,
        });
      }
      if (rng.chance(0.15)) {
        const goods = rng.chance(0.4);
        addAid(p, AssistanceCategory.DONATION, {
          ...(goods ? { goods: rng.pick([20_000, 30_000]), description: '爱心人士捐赠冬衣和学习用品' } : { cash: rng.pick([50_000, 100_000]), description: '春节助学慰问金' }),
          source: FundingSource.SOCIAL_DONATION, donor: rng.pick(DONORS), date, visit,
        });
      }
    }
  }

  // ---- spring revisits: some done, most planned ----
  {
    const rng = Rng.stream(seed, 'revisit');
    let eligible = enrolled.filter((p) => has(p, REVISIT_TARGETS));
    if (teacherClass && !eligible.some(inTeacherClass)) {
      const extra = enrolled.find(inTeacherClass);
      if (extra) eligible = [extra, ...eligible];
    }
    let forcedPlanned = false;
    for (const p of sample(rng, eligible, REVISIT_LIMIT)) {
      const staff = helpersOf.get(p.row.id)?.[0] ?? headOf(p)!;
      const urgent = has(p, [F.ORPHAN, F.UNSUPPORTED, F.DROPOUT_RISK, F.PSYCHOLOGICAL]);
      enlist(revisit, p, staff, urgent ? RosterPriority.HIGH : RosterPriority.NORMAL,
        p.cats.size ? T.rosterReason(labels, p.cats, gradeOf(p), 'REVISIT') : '班主任申请回访：上学期家访发现的问题需跟进',
        at(dayIn(rng, '2025-02-24', '2025-02-28'), rng.int(9 * 60, 17 * 60)));
      const force: boolean = inTeacherClass(p) && !forcedPlanned;
      const r = rng.next();
      if (force || (r >= 0.35 && r < 0.8)) {
        forcedPlanned ||= force;
        const form = rng.chance(0.75) ? VisitForm.IN_PERSON : rng.pick([VisitForm.PHONE, VisitForm.ONLINE]);
        addVisit(rng, { p, visitor: staff, campaign: revisit, form, purpose: VisitPurpose.FOLLOW_UP, status: VisitStatus.PLANNED, day: dayIn(rng, '2025-03-17', '2025-04-28') });
      } else if (r < 0.35) {
        const form = urgent || rng.chance(0.7) ? VisitForm.IN_PERSON : rng.pick([VisitForm.PHONE, VisitForm.ONLINE]);
        addVisit(rng, {
          p, visitor: staff, campaign: revisit, form, purpose: VisitPurpose.FOLLOW_UP, status: rng.chance(0.3) ? VisitStatus.REVIEWED : VisitStatus.COMPLETED,
          day: dayIn(rng, '2025-03-03', '2025-03-13'), companions: companionsFor(rng, p, staff, form),
        });
      }
    }
  }

  // ---- 送教上门 for severely disabled children registered at the special school ----
  {
    const rng = Rng.stream(seed, 'home-teaching');
    for (const p of enrolled.filter((x) => x.row.home_teaching)) {
      const head = headOf(p)!;
      const times = rng.int(2, 3);
      for (let i = 0; i < times; i++) {
        const month = ['10', '11', '12'][i];
        const companion = colleague(rng, p.row.school_id!, [head]);
        addVisit(rng, {
          p, visitor: head, form: VisitForm.IN_PERSON, purpose: VisitPurpose.HOME_TEACHING, status: VisitStatus.COMPLETED,
          day: dayIn(rng, `2024-${month}-08`, `2024-${month}-25`, true), companions: companion ? [companion] : [],
        });
      }
      addVisit(rng, { p, visitor: head, form: VisitForm.IN_PERSON, purpose: VisitPurpose.HOME_TEACHING, status: VisitStatus.PLANNED, day: dayIn(rng, '2025-03-17', '2025-03-28', true) });
    }
  }

  // ---- visits out right now (real clock): a few overdue, a couple still within their time ----
  {
    const rng = Rng.stream(seed, 'out-now');
    const overdue = 3 + Math.floor(people.length / 25_000);
    const underway = 2 + Math.floor(people.length / 50_000);
    const candidates = [
      ...enrolled.filter(inTeacherClass).slice(0, 1),
      ...enrolled.filter((p) => inDemo(p) && !inTeacherClass(p) && has(p, [F.ORPHAN, F.UNSUPPORTED, F.LEFT_BEHIND])).slice(0, 1),
      ...rng.shuffle(enrolled.filter((p) => !inTeacherClass(p) && p.cats.size)).slice(0, overdue + underway),
    ];
    const picked = [...new Set(candidates)].slice(0, overdue + underway);
    picked.forEach((p, i) => {
      const late = i < overdue;
      // Overdue: expected back 1–4 hours ago. Underway: left within the hour, back in 1–2 hours.
      const expected = late ? now - (60 + rng.int(0, 6) * 30) * MINUTE : now + rng.int(4, 8) * 15 * MINUTE;
      const departed = late ? expected - rng.int(6, 10) * 15 * MINUTE : now - rng.int(1, 4) * 15 * MINUTE;
      const planned = departed - rng.int(0, 3) * 5 * MINUTE;
      const visitor = inTeacherClass(p) ? staffById.get(who.teacher.staffId)! : headOf(p)!;
      const userId = userOf(visitor.id);
      const created = new Date(planned - rng.int(2, 30) * 60 * MINUTE);
      const row: VisitRow = {
        ...base(visitIds.uuid(), created, new Date(departed), 2),
        campaign_id: null, student_id: p.row.id, visitor_id: visitor.id, form: VisitForm.IN_PERSON,
        purpose: has(p, [F.ORPHAN, F.UNSUPPORTED]) ? VisitPurpose.CARE : VisitPurpose.ROUTINE, status: VisitStatus.DEPARTED,
        address: `${COUNTY_NAME}${p.row.address}`, transport: transportOf(), planned_at: new Date(planned), expected_return_at: new Date(expected),
        departed_at: new Date(departed), returned_at: null, completed_at: null, visited_at: null, reviewed_at: null,
        departed_by_id: userId, completed_by_id: null, reviewed_by_id: null, recorded_by_id: userId,
        parent_met_name: null, parent_met_phone: null, family_situation: null, student_situation: null, key_points: null, effect: null,
        parent_consent: false, dropout_case_id: null, callback_confirmed: null, satisfaction: null, callback_note: null,
      };
      out.visits.push(row);
      const companion = colleague(rng, p.row.school_id!, [visitor]);
      if (companion && rng.chance(0.6)) out.companions.push({ visit_record_id: row.id, staff_member_id: companion.id });
    });
  }

  generateSuggestions();
  generateCareChecks();
  generateNationalAid();
  generatePhotos();
  generateEnrollmentChecks();
  return out;

  // ---------------------------------------------------------------------------------------

  function generateCases(): void {
    const rng = Rng.stream(seed, 'dropout');
    const townOfVillage = new Map<string, Town>();
    for (const t of plan.towns) for (const v of t.villages) townOfVillage.set(v.id, t);
    const central = new Map<Town, SchoolPlan>();
    const junior = new Map<Town, SchoolPlan>();
    for (const s of plan.schools) {
      if (s.central && s.kind === SchoolKind.PRIMARY) central.set(s.town, s);
      if (s.kind === SchoolKind.JUNIOR || s.kind === SchoolKind.NINE_YEAR) for (const t of s.serves) junior.set(t, s);
    }
    /** A child not enrolled belongs to the school of their town: junior high from 12, primary before. */
    const schoolFor = (p: Person): SchoolPlan => {
      if (p.row.school_id) return schoolById.get(p.row.school_id)!;
      const town = (p.row.household_village_id && townOfVillage.get(p.row.household_village_id)) || p.town;
      const age = daysBetween(p.row.birth_date, '2024-09-01') / 365.25;
      return (age >= 12 ? junior.get(town) : undefined) ?? central.get(town)!;
    };
    const used = new Set<Person>();
    const take = (list: Person[], pred: (p: Person) => boolean): Person | undefined => {
      const found = list.find((p) => !used.has(p) && pred(p));
      if (found) used.add(found);
      return found;
    };
    const statusIs = (...s: SchoolingStatus[]) => (p: Person) => s.includes(p.row.schooling_status);
    const DROPOUT_STATUSES: SchoolingStatus[] = [SchoolingStatus.DROPOUT_ILLNESS, SchoolingStatus.DROPOUT_AVERSION, SchoolingStatus.OTHER];
    const outside = rng.shuffle(people.filter((p) => !p.klass));

    type Plan = { p: Person; status: DropoutCaseStatus; dropout?: DropoutCategory; nonDropout?: NonDropoutCategory };
    const plans: Plan[] = [];
    const dropoutCategoryOf = (p: Person): DropoutCategory => {
      if (p.row.schooling_status === SchoolingStatus.DROPOUT_ILLNESS) return DropoutCategory.ILLNESS_DISABILITY;
      if (p.row.schooling_status === SchoolingStatus.DROPOUT_AVERSION) return DropoutCategory.AVERSION;
      return rng.weighted([[DropoutCategory.WORK_FARMING, 40], [DropoutCategory.OTHER, 25], [DropoutCategory.SCHOOLING_AT_HOME, 15], [DropoutCategory.POVERTY_RELOCATION, 10]]);
    };
    const nonDropoutOf = (s: SchoolingStatus): NonDropoutCategory | null =>
      ({
        OUT_OF_COUNTY: NonDropoutCategory.ACTUALLY_ENROLLED, DEFERRED: NonDropoutCategory.DEFERRED_ENTRY, JUNIOR_GRADUATED: NonDropoutCategory.OVER_AGE,
        MOVED_UNREACHABLE: NonDropoutCategory.MOVED_UNREACHABLE, NO_SUCH_PERSON: NonDropoutCategory.HOUSEHOLD_REGISTRATION,
        MULTIPLE_REGISTRATION: NonDropoutCategory.HOUSEHOLD_REGISTRATION,
      } as Partial<Record<SchoolingStatus, NonDropoutCategory>>)[s] ?? null;

    // Every state at least once, whatever the draw: the one waiting for the police first.
    const police = take(outside, statusIs(SchoolingStatus.MOVED_UNREACHABLE, SchoolingStatus.NO_SUCH_PERSON, SchoolingStatus.MULTIPLE_REGISTRATION))
      ?? take(outside, (p) => !DROPOUT_STATUSES.includes(p.row.schooling_status));
    if (police) {
      if (!nonDropoutOf(police.row.schooling_status) || police.row.schooling_status === SchoolingStatus.OUT_OF_COUNTY
        || police.row.schooling_status === SchoolingStatus.DEFERRED || police.row.schooling_status === SchoolingStatus.JUNIOR_GRADUATED) {
        police.row.schooling_status = SchoolingStatus.MOVED_UNREACHABLE;
      }
      plans.push({ p: police, status: DropoutCaseStatus.VERIFYING, nonDropout: nonDropoutOf(police.row.schooling_status)! });
    }
    for (const status of [DropoutCaseStatus.PERSUADING, DropoutCaseStatus.CONFIRMED_DROPOUT]) {
      const p = (status === DropoutCaseStatus.PERSUADING ? take(outside, statusIs(SchoolingStatus.DROPOUT_AVERSION, SchoolingStatus.OTHER)) : undefined)
        ?? take(outside, statusIs(...DROPOUT_STATUSES)) ?? take(outside, () => true);
      if (!p) continue;
      if (!DROPOUT_STATUSES.includes(p.row.schooling_status)) p.row.schooling_status = SchoolingStatus.DROPOUT_AVERSION;
      plans.push({ p, status, dropout: dropoutCategoryOf(p) });
    }
    // The rest of the children not enrolled, by what the survey found.
    for (const p of outside) {
      if (used.has(p)) continue;
      const s = p.row.schooling_status;
      if (DROPOUT_STATUSES.includes(s)) {
        // Children out of school for illness are taught at home (送教上门) rather than talked back.
        const ill = s === SchoolingStatus.DROPOUT_ILLNESS;
        plans.push({ p, status: rng.chance(ill ? 0.8 : 0.35) ? DropoutCaseStatus.CONFIRMED_DROPOUT : DropoutCaseStatus.PERSUADING, dropout: dropoutCategoryOf(p) });
        continue;
      }
      const category = nonDropoutOf(s);
      if (!category) continue;
      const chance = s === SchoolingStatus.OUT_OF_COUNTY ? 0.4 : s === SchoolingStatus.JUNIOR_GRADUATED ? 0.5 : 0.9;
      if (!rng.chance(chance)) continue;
      const waiting = NEEDS_POLICE.includes(category) && rng.chance(0.15);
      plans.push({ p, status: waiting ? DropoutCaseStatus.VERIFYING : DropoutCaseStatus.CLOSED, nonDropout: category });
    }
    // Enrolled students: a few suspected or being verified, some who came back, some false alarms.
    const pupils = rng.shuffle(enrolled.filter((p) => (gradeOf(p) ?? 0) >= 3 && !p.row.home_teaching));
    const riskyPupils = pupils.filter((p) => has(p, [F.DROPOUT_RISK, F.LEARNING_DIFFICULTY, F.MAJOR_CHANGE]) && (gradeOf(p) ?? 0) >= 5 && (gradeOf(p) ?? 0) <= 9);
    /** The next pupil not taken yet (in the shuffled order: the list is walked once, not searched again). */
    let next = 0;
    const anyPupil = () => {
      while (next < pupils.length && used.has(pupils[next])) next++;
      const p = pupils[next++];
      if (p) used.add(p);
      return p;
    };
    const few = (share: number) => Math.max(1, Math.round(enrolled.length * share));
    for (const [status, share] of [[DropoutCaseStatus.SUSPECTED, 0.0015], [DropoutCaseStatus.VERIFYING, 0.001], [DropoutCaseStatus.RETURNED, 0.001], [DropoutCaseStatus.CLOSED, 0.0005]] as const) {
      for (let i = 0; i < few(share); i++) {
        const p = (status !== DropoutCaseStatus.CLOSED ? take(riskyPupils, () => true) : undefined) ?? anyPupil();
        if (!p) break;
        if (status === DropoutCaseStatus.RETURNED) plans.push({ p, status, dropout: p.cats.has(F.LEARNING_DIFFICULTY) || rng.chance(0.6) ? DropoutCategory.AVERSION : DropoutCategory.WORK_FARMING });
        else if (status === DropoutCaseStatus.CLOSED) plans.push({ p, status, nonDropout: NonDropoutCategory.ACTUALLY_ENROLLED });
        else plans.push({ p, status });
      }
    }
    for (const p of enrolled.filter((x) => x.row.home_teaching)) {
      if (rng.chance(0.5)) plans.push({ p, status: DropoutCaseStatus.CLOSED, nonDropout: NonDropoutCategory.SEVERE_ILLNESS });
    }

    for (const c of plans) writeCase(rng, c.p, schoolFor(c.p), c.status, c.dropout ?? null, c.nonDropout ?? null);
  }

  function writeCase(rng: Rng, p: Person, school: SchoolPlan, status: DropoutCaseStatus, dropout: DropoutCategory | null, nonDropout: NonDropoutCategory | null): void {
    const staff = staffOf.get(school.row.id)!;
    const head = headOf(p);
    const principal = staff.principal;
    const verifier = rng.chance(0.6) || !staff.leaders.length ? principal : rng.pick(staff.leaders);
    const reporter = head ?? (staff.teachers.length ? rng.pick(staff.teachers) : principal);
    const S = DropoutCaseStatus;
    const id = caseIds.uuid();
    const enrolledNow = !!p.klass;
    // Enrolled students' cases start when they stop coming; the survey (摸排) finds the others in September.
    const discovered =
      status === S.SUSPECTED ? dayIn(rng, '2025-03-03', '2025-03-12', true)
      : status === S.VERIFYING && enrolledNow ? dayIn(rng, '2025-02-24', '2025-03-07', true)
      : status === S.RETURNED ? dayIn(rng, '2024-09-09', '2024-10-18', true)
      : dayIn(rng, '2024-09-03', '2024-10-25', true);
    const verified = addDays(discovered, rng.int(3, 10));
    const reachable = !nonDropout || !NEEDS_POLICE.includes(nonDropout);
    const signed = {
      guardian: reachable ? verified : null,
      village: addDays(verified, rng.int(1, 5)),
      principal: addDays(verified, rng.int(2, 6)),
      town: addDays(verified, rng.int(7, 15)),
    };
    const row: DropoutCaseRow = {
      ...base(id, at(discovered, rng.int(9 * 60, 17 * 60))),
      student_id: p.row.id, school_id: school.row.id, discovered_on: discovered, reporter_id: reporter.id, status,
      dropout_category: dropout, non_dropout_category: nonDropout, details: null, evidence_note: null,
      guardian_signed_on: null, school_verifier_id: null, school_verified_on: null, village_signed_on: null, principal_signed_on: null,
      town_signed_on: null, police_signed_on: null, confirmed_on: null, returned_on: null, closed_on: null,
    };
    let last = discovered;
    const sign = (police: boolean) => {
      Object.assign(row, {
        guardian_signed_on: signed.guardian, school_verifier_id: verifier.id, school_verified_on: verified, village_signed_on: signed.village,
        principal_signed_on: signed.principal, town_signed_on: signed.town,
      });
      last = maxDay(signed.village, signed.principal, signed.town);
      if (police) {
        row.police_signed_on = addDays(signed.town, rng.int(5, 30));
        last = row.police_signed_on;
      }
    };
    /** 1–2 persuasion visits from `from`, 10–25 days apart; an unfinished case's second one may still be planned. */
    const persuasion = (from: string, count: number, finished: boolean) => {
      let day = from;
      for (let i = 0; i < count; i++) {
        const visitor = i === 0 ? head ?? principal : rng.chance(0.5) ? principal : head ?? reporter;
        const companion = colleague(rng, school.row.id, [visitor], !head);
        const planned = !finished && i > 0 && rng.chance(0.4);
        const v = addVisit(rng, {
          p, visitor, form: VisitForm.IN_PERSON, purpose: VisitPurpose.PERSUASION, status: planned ? VisitStatus.PLANNED : VisitStatus.COMPLETED,
          day: planned ? dayIn(rng, '2025-03-17', '2025-03-28', true) : day, dropoutCaseId: id, companions: companion ? [companion] : [],
          effect: finished && i === count - 1 ? 'PERSUASION_DONE' : undefined,
        });
        if (!planned) last = maxDay(last, dayOf(v.visited_at!));
        day = addDays(day, rng.int(10, 25));
      }
    };
    switch (status) {
      case S.SUSPECTED:
        row.details = rng.pick(T.SUSPECTED_DETAILS)(T.callName(p.row.name));
        break;
      case S.VERIFYING:
        row.version = 2;
        row.school_verifier_id = verifier.id;
        if (nonDropout) {
          // Waiting for the police: signed by school, village and town, the police stamp still missing.
          sign(false);
          row.details = T.nonDropoutDetails(rng, p.row.name, nonDropout, false);
        } else {
          row.details = rng.pick(T.VERIFYING_DETAILS)(T.callName(p.row.name));
          row.guardian_signed_on = rng.chance(0.5) ? addDays(discovered, rng.int(1, 4)) : null;
          last = row.guardian_signed_on ?? discovered;
        }
        break;
      case S.CONFIRMED_DROPOUT:
      case S.PERSUADING:
      case S.RETURNED: {
        sign(false);
        row.version = 3;
        row.confirmed_on = signed.town;
        row.details = T.dropoutDetails(rng, p.row.name, dropout!, status === S.RETURNED);
        if (!enrolledNow) {
          p.row.schooling_status = schoolingStatusOfDropout(dropout!);
          p.row.version = 2;
          p.row.updated_at = at(signed.town, 11 * 60);
        }
        if (status === S.PERSUADING) {
          row.version = 4;
          persuasion(addDays(signed.town, rng.int(3, 10)), rng.int(1, 2), false);
        } else if (status === S.RETURNED) {
          row.version = 5;
          persuasion(addDays(signed.town, rng.int(2, 6)), rng.int(1, 2), true);
          row.returned_on = addDays(last, rng.int(1, 7));
          last = row.returned_on;
        }
        break;
      }
      case S.CLOSED: {
        const cat = nonDropout!;
        sign(NEEDS_POLICE.includes(cat));
        row.version = 3;
        row.details = enrolledNow && cat === NonDropoutCategory.ACTUALLY_ENROLLED
          ? `${T.callName(p.row.name)}开学初一周未到校，被列为疑似辍学。经核实，孩子因病在西安住院治疗，已提供病历和出院证明，现已正常到校就读。`
          : T.nonDropoutDetails(rng, p.row.name, cat, true);
        row.closed_on = addDays(last, rng.int(1, 7));
        const note = T.EVIDENCE_NOTES[cat];
        if (note && !NEEDS_POLICE.includes(cat) && rng.chance(0.3)) row.evidence_note = note;
        else addEvidence(rng, row, p, cat, school);
        last = row.closed_on;
        break;
      }
    }
    if (status === S.CONFIRMED_DROPOUT && rng.chance(0.5)) addForm(rng, row, p, school);
    row.updated_at = at(last, rng.int(9 * 60, 17 * 60));
    if (row.updated_at.getTime() < row.created_at.getTime()) row.updated_at = row.created_at;
    out.dropoutCases.push(row);
  }

  function addFile(rng: Rng, kind: AttachmentRow['kind'], fileName: string, f: DemoFile, owner: { caseId?: string; visitId?: string }, day: string, uploadedBy: string | null): void {
    const created = at(day, rng.int(9 * 60, 17 * 60));
    out.attachments.push({
      ...base(fileIds.uuid(), created), kind, file_name: fileName, mime_type: f.mimeType, size: f.size, sha256: f.sha256, content: f.content,
      dropout_case_id: owner.caseId ?? null, visit_id: owner.visitId ?? null, uploaded_by_id: uploadedBy,
    });
  }

  function addEvidence(rng: Rng, c: DropoutCaseRow, p: Person, category: NonDropoutCategory, school: SchoolPlan): void {
    const names: Record<NonDropoutCategory, [string, 'pdf' | 'png']> = {
      HOUSEHOLD_REGISTRATION: ['核查认定表（公安盖章）', 'pdf'], ACTUALLY_ENROLLED: [rng.chance(0.5) ? '在校证明' : '学籍系统截图', rng.chance(0.5) ? 'pdf' : 'png'],
      DEFERRED_ENTRY: ['延缓入学申请表', 'pdf'], OVER_AGE: ['九年义务教育毕业证书', 'png'], SEVERE_ILLNESS: ['残疾人教育专家委员会评估意见', 'pdf'],
      MOVED_UNREACHABLE: ['核查认定表（公安盖章）', 'pdf'], ABROAD: ['出入境记录及就读证明', 'pdf'], MISSING: ['公安部门核查认定材料', 'pdf'],
    };
    const [title, type] = names[category];
    const f = type === 'pdf'
      ? tinyPdf(['Jiafang demo - dropout control evidence', `Case ${c.id}`, `Category ${category}`, `School ${school.row.code}`, `Date ${c.closed_on}`])
      : tinyPng(48, 32, rng.int(0, 255));
    const uploadedBy = demoSchools.has(school.row.id) ? who.principal.userId : null;
    addFile(rng, 'EVIDENCE', `${p.row.name}-${title}.${type}`, f, { caseId: c.id }, addDays(c.closed_on!, -rng.int(0, 2)), uploadedBy);
  }

  function addForm(rng: Rng, c: DropoutCaseRow, p: Person, school: SchoolPlan): void {
    const f = tinyPdf(['Jiafang demo - verification form (signed)', `Case ${c.id}`, `Category ${c.dropout_category}`, `Town stamp ${c.town_signed_on}`]);
    addFile(rng, 'FORM', `${p.row.name}-控辍保学核查认定表.pdf`, f, { caseId: c.id }, c.town_signed_on ?? c.discovered_on, demoSchools.has(school.row.id) ? who.principal.userId : null);
  }

  function generatePairings(): void {
    const rng = Rng.stream(seed, 'pairing');
    const textRng2 = Rng.stream(seed, 'pairing-texts');
    const paired = new Set<Person>();
    const byClass = new Map<ClassPlan, Person[]>();
    for (const p of enrolled) {
      if (p.klass!.row.grade === 0) continue;
      const chance = Math.max(0, ...PAIRING_CHANCE.filter(([c]) => p.cats.has(c)).map(([, x]) => x));
      if (!inTeacherClass(p) && !rng.chance(chance)) continue;
      if (inTeacherClass(p) && !p.cats.size) continue;
      const list = byClass.get(p.klass!);
      if (list) list.push(p);
      else byClass.set(p.klass!, [p]);
    }
    const write = (mode: PairingMode, helpers: StaffRow[], students: Person[], forceActive = false) => {
      const ended = !forceActive && rng.chance(0.08);
      const continuing = ended || rng.chance(0.2);
      const start = continuing ? dayIn(rng, '2023-09-11', '2023-10-31', true) : dayIn(rng, '2024-09-09', '2024-10-31', true);
      const end = ended ? rng.pick(['2024-07-05', '2025-01-17']) : null;
      const cats = new Set(students.flatMap((s) => [...s.cats]));
      const supports = T.supportTypesFor(rng, cats);
      const created = at(start, rng.int(9 * 60, 17 * 60));
      const row: PairingRow = {
        ...base(pairingIds.uuid(), created, end ? at(end, 16 * 60) : created, end ? 2 : 1),
        mode, support_types: supports, plan: T.pairingPlan(textRng2, students, supports), start_date: start, end_date: end,
        status: end ? PairingStatus.ENDED : PairingStatus.ACTIVE,
      };
      out.pairings.push(row);
      for (const h of helpers) out.pairingHelpers.push({ pairing_id: row.id, staff_member_id: h.id });
      for (const s of students) {
        out.pairingStudents.push({ pairing_id: row.id, student_id: s.row.id });
        paired.add(s);
        if (!end) helpersOf.set(s.row.id, helpers);
      }
    };
    const teacher = staffById.get(who.teacher.staffId)!;
    for (const [klass, list] of byClass) {
      const school = klass.school.row.id;
      const head = staffById.get(klass.row.head_teacher_id!)!;
      let rest = list.slice();
      if (klass === teacherClass) {
        // The demo teacher helps in every mode when the class has the students for it.
        const [a, b, c, d, e] = rest;
        if (a) write(PairingMode.ONE_TO_ONE, [teacher], [a], true);
        if (b && c) write(PairingMode.ONE_TO_MANY, [teacher], e ? [b, c, d!] : [b, c], true);
        const single = e ?? (c ? d : b);
        if (single) {
          const other = colleague(rng, school, [teacher], true);
          if (other) write(PairingMode.MANY_TO_ONE, [teacher, other], [single], true);
        }
        rest = rest.filter((p) => !paired.has(p));
      }
      while (rest.length) {
        const p = rest.shift()!;
        if (has(p, NEEDS_SEVERAL) && rng.chance(0.5)) {
          const helpers = [head];
          for (let i = rng.int(1, 2); i > 0; i--) {
            const c = colleague(rng, school, helpers, helpers.length === 1);
            if (c) helpers.push(c);
          }
          if (helpers.length > 1) {
            write(PairingMode.MANY_TO_ONE, helpers, [p]);
            continue;
          }
        }
        const helper = rng.chance(0.4) ? head : colleague(rng, school, []) ?? head;
        if (rest.length && rng.chance(0.35)) {
          const group = [p, ...rest.splice(0, rng.int(1, Math.min(3, rest.length)))];
          write(PairingMode.ONE_TO_MANY, [helper], group);
        } else {
          write(PairingMode.ONE_TO_ONE, [helper], [p]);
        }
      }
    }
    // Small counties have classes of one or two: make sure every mode is there, within one school.
    const modes = new Set(out.pairings.map((x) => x.mode));
    if (modes.size === 3) return;
    const free = enrolled.filter((p) => !paired.has(p) && p.klass!.row.grade > 0).sort((a, b) => b.cats.size - a.cats.size);
    const bySchool = new Map<string, Person[]>();
    for (const p of free) {
      const list = bySchool.get(p.row.school_id!);
      if (list) list.push(p);
      else bySchool.set(p.row.school_id!, [p]);
    }
    if (!modes.has(PairingMode.ONE_TO_MANY)) {
      const group = [...bySchool.values()].find((l) => l.length >= 2);
      if (group) write(PairingMode.ONE_TO_MANY, [headOf(group[0])!], group.slice(0, Math.min(3, group.length)));
    }
    if (!modes.has(PairingMode.MANY_TO_ONE)) {
      const p = free.find((x) => !paired.has(x));
      const other = p && colleague(rng, p.row.school_id!, [headOf(p)!], true);
      if (p && other) write(PairingMode.MANY_TO_ONE, [headOf(p)!, other], [p]);
    }
    if (!modes.has(PairingMode.ONE_TO_ONE)) {
      const p = free.find((x) => !paired.has(x));
      if (p) write(PairingMode.ONE_TO_ONE, [headOf(p)!], [p]);
    }
  }

  function generateSuggestions(): void {
    const rng = Rng.stream(seed, 'suggestions');
    const kinds = ['spot', 'open', 'later'] as const;
    let n = 0;
    let demoOpen = false;
    for (const v of out.visits) {
      if (v.status !== VisitStatus.COMPLETED && v.status !== VisitStatus.REVIEWED) continue;
      const p = personById.get(v.student_id)!;
      const demo = inDemo(p);
      const chance = v.purpose === VisitPurpose.ROUTINE ? 0.1 : 0.04;
      const forceOpen = demo && !demoOpen && v.completed_at!.getTime() < at('2024-10-31', 0).getTime();
      if (!forceOpen && !(n < kinds.length) && !rng.chance(chance)) continue;
      const text = rng.pick(T.SUGGESTIONS);
      // The first few cover every outcome; then answered on the spot when it can be, else escalated.
      let kind: (typeof kinds)[number] = forceOpen ? 'open' : n < kinds.length ? kinds[n] : text.spot && rng.chance(0.6) ? 'spot' : rng.chance(0.7) ? 'later' : 'open';
      const school = staffOf.get(staffById.get(v.visitor_id)!.school_id)!;
      const created = new Date(v.completed_at!.getTime() + rng.int(1, 20) * MINUTE);
      // Escalated recently: still open. Escalated long ago: mostly answered by now.
      if (kind === 'later' && created.getTime() > at(addDays(ACTIVITY_DATE, -10), 0).getTime()) kind = 'open';
      const spot = kind === 'spot' ? text.spot ?? text.later : null;
      let resolvedAt: Date | null = null;
      let response: string | null = null;
      let handler: string | null = null;
      if (kind === 'spot') {
        resolvedAt = created;
        response = spot;
        handler = v.visitor_id;
      } else if (kind === 'later') {
        resolvedAt = new Date(Math.min(created.getTime() + rng.int(2, 25) * DAY + rng.int(0, 480) * MINUTE, ACTIVITY_END.getTime()));
        response = text.later;
        handler = (rng.chance(0.5) || !school.leaders.length ? school.principal : rng.pick(school.leaders)).id;
      }
      out.suggestions.push({
        ...base(suggestionIds.uuid(), created, resolvedAt ?? created, kind === 'later' ? 2 : 1),
        visit_id: v.id, content: text.content, category: text.category, answered_on_spot: kind === 'spot', response,
        status: response ? SuggestionStatus.RESOLVED : SuggestionStatus.ESCALATED, issue_scope: text.scope, handler_id: handler, resolved_at: resolvedAt,
      });
      n++;
      if (demo && kind === 'open') demoOpen = true;
    }
  }

  function generateCareChecks(): void {
    const rng = Rng.stream(seed, 'care');
    const textRng3 = Rng.stream(seed, 'care-texts');
    const days: string[] = [];
    for (let d = CARE_FROM; d <= ACTIVITY_DATE; d = addDays(d, 1)) if (weekday(d) >= 1 && weekday(d) <= 5) days.push(d);
    const weeks: string[][] = [];
    for (const d of days) {
      if (weekday(d) === 1 || !weeks.length) weeks.push([]);
      weeks[weeks.length - 1].push(d);
    }
    const central = new Map<string, SchoolPlan>();
    for (const s of plan.schools) if (s.central && s.kind === SchoolKind.PRIMARY) central.set(s.town.row.id, s);
    let gaps = 0;
    const cared = people.filter((p) => p.cats.has(F.ORPHAN) || p.cats.has(F.UNSUPPORTED));
    cared.forEach((p, i) => {
      const add = (kind: CareCheckKind, date: string, staff: StaffRow) => {
        const created = at(date, kind === CareCheckKind.DAILY_ASK ? rng.int(7 * 60 + 40, 12 * 60) : rng.int(12 * 60, 17 * 60 + 30));
        out.careChecks.push({ ...base(careIds.uuid(), created), student_id: p.row.id, kind, date, staff_id: staff.id, note: T.careNote(textRng3, kind) });
      };
      // Gaps on purpose: a few missed days and weeks (the last student gets one if nobody has).
      const forceGap = i === cared.length - 1 && gaps === 0;
      const school = p.row.school_id ? schoolById.get(p.row.school_id)! : central.get(p.town.row.id)!;
      const principal = staffOf.get(school.row.id)!.principal;
      const head = headOf(p);
      if (head) {
        const missed = new Set(forceGap || rng.chance(0.2) ? rng.shuffle(days).slice(0, rng.int(1, 3)) : []);
        gaps += missed.size;
        for (const d of days) if (!missed.has(d)) add(CareCheckKind.DAILY_ASK, d, head);
      }
      const skipWeek = (forceGap && !head) || rng.chance(0.1) ? rng.int(0, weeks.length - 1) : -1;
      if (skipWeek >= 0) gaps++;
      weeks.forEach((week, w) => {
        if (w !== skipWeek) add(CareCheckKind.WEEKLY_MEET, rng.pick(week), principal);
      });
    });
  }

  function generateNationalAid(): void {
    const rng = aidRng;
    for (const p of enrolled) {
      const school = schoolById.get(p.row.school_id!)!;
      const grade = gradeOf(p)!;
      if (has(p, NATIONAL_AID)) {
        const items: Array<[AssistanceCategory, number, string]> = [];
        if (grade === 0) items.push([AssistanceCategory.FEE_WAIVER, 37_500, '学前教育资助：减免保教费']);
        else if (grade >= 10) {
          items.push([AssistanceCategory.GRANT, rng.pick([75_000, 100_000, 125_000]), '普通高中国家助学金']);
          items.push([AssistanceCategory.FEE_WAIVER, 40_000, '普通高中建档立卡等家庭经济困难学生免学费']);
        } else {
          const junior = grade >= 7;
          items.push([AssistanceCategory.LIVING_SUBSIDY, junior ? 62_500 : 50_000, `义务教育家庭经济困难学生生活补助（${junior ? '初中' : '小学'}）`]);
          if (!school.town.urban) items.push([AssistanceCategory.NUTRITION, 45_000, '农村义务教育学生营养改善计划膳食补助']);
        }
        for (const [category, cash, description] of items) {
          addAid(p, category, { cash, description, source: FundingSource.FISCAL, date: dayIn(rng, '2024-10-14', '2024-11-29', true), recordedBy: who.aidUserId });
          if (rng.chance(0.5)) addAid(p, category, { cash, description, source: FundingSource.FISCAL, date: dayIn(rng, '2025-03-03', '2025-03-14', true), recordedBy: who.aidUserId });
        }
      }
      const needy = has(p, NATIONAL_AID) || has(p, [F.LEFT_BEHIND, F.SERIOUS_ILLNESS, F.SUDDEN_HARDSHIP, F.ECONOMIC_HARDSHIP]);
      if (needy && grade >= 1 && grade <= 9 && rng.chance(0.25)) {
        const winter = rng.chance(0.4);
        addAid(p, AssistanceCategory.SUPPLIES, winter
          ? { goods: rng.pick([18_000, 22_000, 26_000]), description: '冬季校服和棉鞋', source: FundingSource.SCHOOL_AID_FUND, date: dayIn(rng, '2024-11-04', '2024-11-22', true) }
          : { goods: rng.pick([6_000, 8_800, 12_000]), description: '书包和文具一套', source: FundingSource.PUBLIC_FUNDS, date: dayIn(rng, '2024-09-02', '2024-09-13', true) });
      }
      if (needy && rng.chance(0.05)) {
        const donor = rng.pick(DONORS);
        const goods = rng.chance(0.35);
        addAid(p, AssistanceCategory.DONATION, {
          ...(goods ? { goods: rng.pick([30_000, 45_000]), description: rng.pick(['课外读物一套和台灯', '羽绒服和保暖内衣']) } : { cash: rng.pick([50_000, 100_000, 200_000]), description: donor.includes('春蕾') ? '春蕾助学金' : '爱心助学金' }),
          source: FundingSource.SOCIAL_DONATION, donor, date: dayIn(rng, '2024-09-20', '2024-12-20', true), recordedBy: null,
        });
      }
    }
  }

  function generatePhotos(): void {
    const rng = Rng.stream(seed, 'photos');
    const done = (v: VisitRow) => (v.status === VisitStatus.COMPLETED || v.status === VisitStatus.REVIEWED) && v.form === VisitForm.IN_PERSON;
    const teacherVisit = out.visits.find((v) => v.visitor_id === who.teacher.staffId && done(v));
    const consolation = out.visits.find((v) => v.purpose === VisitPurpose.CONSOLATION && done(v) && demoSchools.has(personById.get(v.student_id)!.row.school_id!))
      ?? out.visits.find((v) => v.purpose === VisitPurpose.CONSOLATION && done(v));
    const accompanied = new Set(out.companions.map((c) => c.visit_record_id));
    const another = out.visits.find((v) => v.purpose === VisitPurpose.ROUTINE && done(v) && v !== teacherVisit && accompanied.has(v.id))
      ?? out.visits.find((v) => v.purpose === VisitPurpose.ROUTINE && done(v) && v !== teacherVisit);
    const photos: Array<[VisitRow | undefined, string]> = [[teacherVisit, '入户家访合影'], [teacherVisit, '孩子的学习角'], [consolation, '春节慰问现场'], [another, '家访现场']];
    for (const [v, title] of photos) {
      if (!v) continue;
      addFile(rng, 'PHOTO', `${title}.png`, tinyPng(64, 48, rng.int(0, 255)), { visitId: v.id }, dayOf(v.completed_at!), v.completed_by_id);
    }
  }

  function generateEnrollmentChecks(): void {
    const rng = Rng.stream(seed, 'enrollment');
    const count = new Map<string, number>();
    for (const p of enrolled) count.set(p.row.school_id!, (count.get(p.row.school_id!) ?? 0) + 1);
    for (const school of plan.schools) {
      const reported = count.get(school.row.id) ?? 0;
      const absent = rng.chance(0.55) ? 0 : rng.int(1, 3);
      const unregistered = reported > 0 && rng.chance(0.25) ? rng.int(1, Math.min(2, reported)) : 0;
      const registry = reported + absent - unregistered;
      const notes: string[] = [];
      if (absent) notes.push(`籍在人不在${absent}人：${absent > 1 ? '随父母在外地就读，已取得就读证明' : '随父母在西安就读，已电话核实'}`);
      if (unregistered) notes.push(`人在籍不在${unregistered}人：外县转入，学籍转接手续办理中`);
      out.enrollmentChecks.push({
        ...base(checkIds.uuid(), at(dayIn(rng, '2024-09-23', '2024-09-30', true), rng.int(9 * 60, 17 * 60))),
        school_id: school.row.id, school_year: SCHOOL_YEAR, semester: 'FIRST', registry_count: registry,
        last_semester_count: Math.max(0, registry + rng.int(-Math.ceil(registry * 0.03), Math.ceil(registry * 0.03))),
        reported_count: reported, registered_absent: absent, present_unregistered: unregistered, note: notes.length ? notes.join('；') : null,
      });
    }
  }
}
