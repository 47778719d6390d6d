import type { EnrollmentChangeKind } from '../roster/enrollment.enums';
import type { FocusCategory } from '../roster/roster.enums';
import type { DropoutSign } from './dropout-risk.enums';

// 辍学风险预警 (002 四(五) "盯紧初三年级、贫困、留守等特殊易辍群体"): every weight of the score in
// one place. A student's score is the sum of the weights of the facts the system holds about them;
// each fact is listed with its weight, so a score can always be explained and the table tuned.

/** Focus categories (重点关注类别), each counted once. */
export const FOCUS_WEIGHTS: Record<FocusCategory, number> = {
  DROPOUT_RISK: 25,
  LEARNING_DIFFICULTY: 15,
  PSYCHOLOGICAL: 15,
  MAJOR_CHANGE: 15,
  ORPHAN: 15,
  UNSUPPORTED: 15,
  REGISTERED_POOR: 10,
  EDGE_OF_POVERTY: 10,
  UNSTABLE_EXIT: 10,
  EXTREME_POVERTY: 10,
  SUDDEN_HARDSHIP: 10,
  LEFT_BEHIND: 10,
  DISABLED: 10,
  LOW_INCOME: 8,
  ECONOMIC_HARDSHIP: 8,
  SERIOUS_ILLNESS: 8,
  SINGLE_PARENT: 5,
  DIVORCED: 5,
  MIGRANT_CHILD: 5,
  RELOCATED: 5,
};

/** The class's grade: 初三 (9) above all, and the transitions 六年级 → 初一. */
export const GRADE_WEIGHTS: Record<number, { weight: number; label: string }> = {
  9: { weight: 20, label: '初三（九年级）' },
  7: { weight: 10, label: '初一（七年级，升学过渡）' },
  6: { weight: 10, label: '六年级（小升初过渡）' },
};

/** Required visits missed this school year (compliance/rules.ts decides what is required). */
export const MISSED_VISIT_WEIGHTS: Record<'ANNUAL_VISIT' | 'SEMESTER_VISIT' | 'SPECIAL_TWICE', number> = {
  ANNUAL_VISIT: 5,
  SEMESTER_VISIT: 10,
  SPECIAL_TWICE: 10,
};

/** What a completed visit in the last RECENT_DAYS recorded (VisitRecord.dropoutSigns), each sign once. */
export const VISIT_SIGN_WEIGHTS: Record<DropoutSign, number> = {
  AVERSION: 25,
  LONG_ABSENCE: 25,
  WORK_INTENT: 20,
  FAMILY_NEGLECT: 10,
};

/** A parent's suggestion escalated to the school and still unanswered (家校矛盾未解决). */
export const ESCALATED_SUGGESTION_WEIGHT = 5;

/** Earlier dropout cases (控辍保学案件) of the student, by how they ended. */
export const EARLIER_CASE_WEIGHTS: Record<'RETURNED' | 'CLOSED', number> = {
  RETURNED: 30,
  CLOSED: 10,
};

/** 学籍异动 in the last RECENT_DAYS, each kind once. */
export const ENROLLMENT_CHANGE_WEIGHTS: Partial<Record<EnrollmentChangeKind, number>> = {
  SUSPENSION: 20,
  LONG_LEAVE: 15,
  RESUMPTION: 15,
  TRANSFER_IN: 10,
  TRANSFER_OUT: 10,
  GRADUATION: 5,
};

/** How far back visits and enrolment changes count. */
export const RECENT_DAYS = 365;

/** Bands by score, highest first: a score at or above `min` is in the band. */
export const RISK_BANDS = [
  { band: 'HIGH', min: 50 },
  { band: 'MEDIUM', min: 25 },
  { band: 'LOW', min: 1 },
] as const;
