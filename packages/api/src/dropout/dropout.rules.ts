import { badInput, conflict, type FieldProblem } from '../core/errors';
import { enumLabels } from '../core/resource/enums';
import { SchoolingStatus } from '../roster/roster.enums';
import { DropoutCaseStatus as S, DropoutCategory, NonDropoutCategory as N, type DropoutCaseStatus } from './dropout.enums';

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
