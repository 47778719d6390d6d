import { badInput, conflict, type FieldProblem } from '../core/errors';
import type { ActionSpec } from '../core/resource/actions';
import { todayInChina } from '../core/time/school-year';
import { enumLabels } from '../core/resource/enums';
import { SchoolingStatus } from '../roster/roster.enums';
import { DropoutCaseStatus as S, DropoutCategory, NonDropoutCategory as N, type DropoutCaseStatus } from './dropout.enums';

/** A step into `to`, from every status the workflow lets move there. */
const into = (mutation: string, label: string, to: DropoutCaseStatus): ActionSpec => ({
  mutation,
  label,
  from: [{ status: (Object.keys(TRANSITIONS) as DropoutCaseStatus[]).filter((from) => TRANSITIONS[from].includes(to)) }],
  rule: 'DROPOUT_CASE_TRANSITION',
});

/** The case's steps as the admin offers them, from the same transitions the resolver checks. */
export const dropoutCaseActions = (): ActionSpec[] => [
  into('verifyDropoutCase', '开始核查', S.VERIFYING),
  into('confirmDropoutCase', '确认辍学', S.CONFIRMED_DROPOUT),
  into('persuadeDropoutCase', '开始劝返', S.PERSUADING),
  into('returnDropoutCase', '已返校', S.RETURNED),
  into('closeDropoutCase', '结案', S.CLOSED),
];

/** The workflow: SUSPECTED → VERIFYING → CONFIRMED_DROPOUT → PERSUADING → RETURNED, or → CLOSED. */
export const TRANSITIONS: Record<DropoutCaseStatus, DropoutCaseStatus[]> = {
  SUSPECTED: [S.VERIFYING, S.CLOSED],
  VERIFYING: [S.CONFIRMED_DROPOUT, S.CLOSED],
  CONFIRMED_DROPOUT: [S.PERSUADING, S.RETURNED],
  PERSUADING: [S.RETURNED],
  RETURNED: [],
  CLOSED: [],
};

export const OPEN_STATUSES: DropoutCaseStatus[] = [S.SUSPECTED, S.VERIFYING, S.CONFIRMED_DROPOUT, S.PERSUADING];

/** 附件4 备注: these three need the police's verification and stamp. */
export const NEEDS_POLICE: string[] = [N.HOUSEHOLD_REGISTRATION, N.MOVED_UNREACHABLE, N.MISSING];

/** 附件2-1: the evidence each non-dropout category needs to be closed. */
export const EVIDENCE_REQUIRED: Record<string, string> = {
  HOUSEHOLD_REGISTRATION: '加盖校、村、镇及公安部门公章的核查认定表及相关佐证资料',
  ACTUALLY_ENROLLED: '就读证明（县域外就读提供学籍截图或核查认定表）',
  DEFERRED_ENTRY: '延缓入学申请表及证明材料',
  OVER_AGE: '学籍截图或九年义务教育毕业证书',
  SEVERE_ILLNESS: '残疾教育专家委员会评估认定意见或医学诊断证明、就诊记录',
  MOVED_UNREACHABLE: '加盖校、村、镇及公安部门公章的核查认定表',
  ABROAD: '核查认定表及相关就读证明材料',
  MISSING: '公安部门核查认定材料',
};

/**
 * The roster status a case closed as non-dropout gives the child, as 附件1-1 counts them: the
 * first is taken when none is given; where the category covers several (户籍原因, 实际就读)
 * the closer says which.
 */
export const STATUSES_OF_NON_DROPOUT: Record<N, { allowed: SchoolingStatus[]; chosen: boolean }> = {
  HOUSEHOLD_REGISTRATION: { allowed: [SchoolingStatus.NO_SUCH_PERSON, SchoolingStatus.MULTIPLE_REGISTRATION, SchoolingStatus.DECEASED], chosen: true },
  ACTUALLY_ENROLLED: { allowed: [SchoolingStatus.IN_COUNTY, SchoolingStatus.OUT_OF_COUNTY], chosen: true },
  DEFERRED_ENTRY: { allowed: [SchoolingStatus.DEFERRED], chosen: false },
  OVER_AGE: { allowed: [SchoolingStatus.JUNIOR_GRADUATED, SchoolingStatus.OTHER], chosen: false },
  SEVERE_ILLNESS: { allowed: [SchoolingStatus.OTHER], chosen: false },
  MOVED_UNREACHABLE: { allowed: [SchoolingStatus.MOVED_UNREACHABLE], chosen: false },
  ABROAD: { allowed: [SchoolingStatus.OTHER], chosen: false },
  MISSING: { allowed: [SchoolingStatus.OTHER], chosen: false },
};

/** The child's status after closing as `category`, or why the given one does not fit. */
export function schoolingStatusOfClosing(category: N, given: SchoolingStatus | null): SchoolingStatus | FieldProblem {
  const { allowed, chosen } = STATUSES_OF_NON_DROPOUT[category];
  const label = (v: string) => enumLabels.get('SchoolingStatus')?.[v] ?? v;
  const names = allowed.map(label).join('、');
  if (given && !allowed.includes(given)) {
    return { field: 'schoolingStatus', rule: 'SCHOOLING_STATUS_OF_CATEGORY', message: `该非辍学类别的就学状态应为：${names}` };
  }
  if (!given && chosen) {
    return { field: 'schoolingStatus', rule: 'SCHOOLING_STATUS_REQUIRED', message: `请选择学生的就学状态：${names}` };
  }
  return given ?? allowed[0]!;
}

/** The roster status a confirmed dropout takes (附件1-1 columns). */
export function schoolingStatusOfDropout(category: DropoutCategory): SchoolingStatus {
  if (category === DropoutCategory.ILLNESS_DISABILITY) return SchoolingStatus.DROPOUT_ILLNESS;
  if (category === DropoutCategory.AVERSION) return SchoolingStatus.DROPOUT_AVERSION;
  return SchoolingStatus.OTHER;
}

export function checkTransition(from: DropoutCaseStatus, to: DropoutCaseStatus): void {
  if (!TRANSITIONS[from].includes(to)) {
    const label = (v: string) => enumLabels.get('DropoutCaseStatus')?.[v] ?? v;
    throw conflict(`案件状态不能从“${label(from)}”变为“${label(to)}”`, { rule: 'DROPOUT_CASE_TRANSITION', field: 'status', from, to, allowed: TRANSITIONS[from] });
  }
}

/** What closing a case as non-dropout needs: the category, police sign-off where due, evidence or a note. */
export function closingProblems(c: { nonDropoutCategory?: string | null; policeSignedOn?: string | null; evidenceNote?: string | null }, evidenceFiles: number): void {
  const found: FieldProblem[] = [];
  if (!c.nonDropoutCategory) {
    found.push({ field: 'nonDropoutCategory', rule: 'NON_DROPOUT_CATEGORY_REQUIRED', message: '结案须选择非辍学类别' });
  } else {
    if (NEEDS_POLICE.includes(c.nonDropoutCategory) && !c.policeSignedOn) {
      found.push({ field: 'policeSignedOn', rule: 'POLICE_SIGNOFF_REQUIRED', message: '户籍原因、外迁无法联系、失踪失联须有公安部门核查认定并盖章后方可结案' });
    }
    if (evidenceFiles === 0 && !c.evidenceNote) {
      found.push({
        field: 'evidenceNote',
        rule: 'EVIDENCE_REQUIRED',
        message: `结案须上传佐证材料（${EVIDENCE_REQUIRED[c.nonDropoutCategory]}），或说明缺少的原因`,
      });
    }
  }
  if (found.length) throw badInput(found);
}

type CaseDates = Partial<Record<(typeof STEPS)[number][0] | (typeof ENDS)[number][0] | (typeof SIGN_OFFS)[number][0], string | null>>;

/** 附件4's steps in the order they happen: each on or after the one before. */
const STEPS = [
  ['discoveredOn', '发现日期'],
  ['schoolVerifiedOn', '学校核查日期'],
  ['confirmedOn', '确认辍学日期'],
] as const;
/** How a case ends: on or after every step it went through. */
const ENDS = [
  ['returnedOn', '返校日期'],
  ['closedOn', '结案日期'],
] as const;
/** The form's signatures and stamps: on or after the discovery. */
const SIGN_OFFS = [
  ['guardianSignedOn', '监护人签字日期'],
  ['villageSignedOn', '村（社区）盖章日期'],
  ['principalSignedOn', '校长签字日期'],
  ['townSignedOn', '镇（办）盖章日期'],
  ['policeSignedOn', '公安部门盖章日期'],
] as const;

/**
 * 附件4's dates: none after today, discovered ≤ verified ≤ confirmed ≤ returned or closed, and
 * the sign-offs not before the discovery. Dates are `YYYY-MM-DD`, so they compare as text.
 */
export function caseDateProblems(c: CaseDates, today = todayInChina()): FieldProblem[] {
  const found: FieldProblem[] = [];
  for (const [field, label] of [...STEPS, ...ENDS, ...SIGN_OFFS]) {
    const day = c[field];
    if (day && day > today) found.push({ field, rule: 'CASE_DATE_FUTURE', message: `${label}不能晚于今天（${today}）` });
  }
  let latest: readonly [string, string, string] | undefined;
  const notBefore = (field: string, label: string, day: string, after: readonly [string, string, string] | undefined) => {
    if (after && day < after[2]) found.push({ field, rule: 'CASE_DATE_ORDER', message: `${label}（${day}）不能早于${after[1]}（${after[2]}）` });
  };
  for (const [field, label] of STEPS) {
    const day = c[field];
    if (!day) continue;
    notBefore(field, label, day, latest);
    if (!latest || day >= latest[2]) latest = [field, label, day];
  }
  for (const [field, label] of ENDS) {
    const day = c[field];
    if (day) notBefore(field, label, day, latest);
  }
  const discovered = c.discoveredOn ? (['discoveredOn', '发现日期', c.discoveredOn] as const) : undefined;
  for (const [field, label] of SIGN_OFFS) {
    const day = c[field];
    if (day) notBefore(field, label, day, discovered);
  }
  return found;
}

export function checkCaseDates(c: CaseDates): void {
  const found = caseDateProblems(c);
  if (found.length) throw badInput(found);
}
