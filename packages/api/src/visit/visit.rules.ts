import { TRAVELLING_FORMS, VisitPurpose, type VisitForm } from './visit.enums';

type Found = { field: string; rule: string; message: string };

/** The content of a finished visit record (附件3-1): required to complete it. */
export const CONTENT_FIELDS = [
  ['familySituation', '家庭情况'],
  ['studentSituation', '学生情况'],
  ['keyPoints', '家访要点'],
  ['effect', '家访效果'],
] as const;

export const travels = (form: VisitForm) => TRAVELLING_FORMS.includes(form);

/** How far back a visit's time may be given (a record entered late); VISIT_BACKDATE_DAYS. */
export const VISIT_BACKDATE_DAYS = backdateDays(process.env.VISIT_BACKDATE_DAYS);

export function backdateDays(raw: string | undefined): number {
  if (raw == null || raw === '') return 30;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 0) throw new Error(`VISIT_BACKDATE_DAYS must be a whole number of days (got ${raw})`);
  return days;
}

// A phone whose clock runs a little ahead is not "in the future".
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 24 * 3600_000;

/** 家访时间 (附件3-1): when the visit happened, as the recorder gives it; not ahead of now, not too far back. */
export function visitTimeProblems(at: Date, now = new Date(), days = VISIT_BACKDATE_DAYS): Found[] {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return [{ field: 'visitedAt', rule: 'VISIT_TIME_FUTURE', message: '家访时间不能晚于当前时间' }];
  }
  if (at.getTime() < now.getTime() - days * DAY_MS) {
    return [{ field: 'visitedAt', rule: 'VISIT_TIME_TOO_OLD', message: `家访时间最多可补录${days}天前的家访` }];
  }
  return [];
}

export function missingContent(v: Record<string, any>): Found[] {
  return CONTENT_FIELDS.filter(([f]) => !v[f]).map(([field, label]) => ({
    field,
    rule: 'VISIT_CONTENT_REQUIRED',
    message: `完成家访需填写${label}`,
  }));
}

/** Checks of a visit record as written through create and update. */
export function visitProblems(v: Record<string, any>): Found[] {
  const found: Found[] = [];
  if (travels(v.form)) {
    // 出行报备: who, where, when and when back, filed before leaving.
    if (!v.address) found.push({ field: 'address', rule: 'SAFETY_REPORT', message: '实地家访报备需填写走访地址' });
    if (!v.transport) found.push({ field: 'transport', rule: 'SAFETY_REPORT', message: '实地家访报备需填写出行方式（须乘坐有营运资质的车辆，严禁搭乘“三无”车辆）' });
    if (!v.plannedAt) found.push({ field: 'plannedAt', rule: 'SAFETY_REPORT', message: '实地家访报备需填写出发时间' });
    if (!v.expectedReturnAt) found.push({ field: 'expectedReturnAt', rule: 'SAFETY_REPORT', message: '实地家访报备需填写预计返回时间' });
    if (v.plannedAt && v.expectedReturnAt && v.expectedReturnAt <= v.plannedAt) {
      found.push({ field: 'expectedReturnAt', rule: 'SAFETY_REPORT', message: '预计返回时间应晚于出发时间' });
    }
  }
  if (v.purpose === VisitPurpose.PERSUASION && !v.dropoutCase) {
    found.push({ field: 'dropoutCaseId', rule: 'PERSUASION_NEEDS_CASE', message: '劝返家访须关联控辍保学案件' });
  }
  if (v.dropoutCase?.student && v.student && v.dropoutCase.student.id !== v.student.id) {
    found.push({ field: 'dropoutCaseId', rule: 'CASE_OF_OTHER_STUDENT', message: '关联的控辍保学案件不是该学生的' });
  }
  return found;
}
