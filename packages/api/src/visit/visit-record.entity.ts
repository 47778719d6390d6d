import { Index, type Collection, type Rel } from '@mikro-orm/core';
import { VISIT_ACTIONS } from './visit.actions';
import {
  BoolField, DateTimeField, EnumField, EnumListField, RefField, RefListField, Resource, TenantEntity, TextField,
} from '../core/resource';
import { badField, badInput } from '../core/errors';
import { phoneProblem } from '../core/validation/phone';
import { StaffMember } from '../org/staff-member.entity';
import { User } from '../org/user.entity';
import { Student } from '../roster/student.entity';
import { Campaign } from '../campaign/campaign.entity';
import { DropoutCase } from '../dropout/dropout-case.entity';
import { DropoutSign } from '../dropout/dropout-risk.enums';
import { ParentSuggestion } from './parent-suggestion.entity';
import { Attachment } from '../files/attachment.entity';
import { CREATE_STATUSES, DONE_VISIT_STATUSES, Satisfaction, TRAVELLING_FORMS, VisitForm, VisitPurpose, VisitStatus, VisitTransport } from './visit.enums';
import { missingContent, travels, visitProblems, visitTimeProblems } from './visit.rules';
import { visitRecordForm } from './visit-record.form';
import { campaignVisitorReads, checkCampaignVisitor } from './campaign-visitor';

/**
 * 家访记录 (附件3-1). Lifecycle with the safety report (出行报备): PLANNED → DEPARTED →
 * COMPLETED → REVIEWED, moved only by departVisit, completeVisit and reviewVisit.
 */
// The plan form stays short: a visit's record is filled in when it is completed, the school's
// call-back when it is reviewed, and address and transport only for a visit that travels.
const TRAVELLING = { field: 'form', values: TRAVELLING_FORMS };
const RECORDED = { field: 'status', values: DONE_VISIT_STATUSES };
const REVIEWED = { field: 'status', values: [VisitStatus.REVIEWED] };

@Resource({
  label: '家访记录',
  area: 'visit',
  display: 'address',
  search: ['student.name', 'visitor.name', 'address'],
  defaultSort: { field: 'plannedAt', order: 'DESC' },
  children: {
    suggestions: { label: '家长意见建议', target: () => ParentSuggestion, inverse: 'visit', orderBy: { createdAt: 'asc' } },
    attachments: { label: '照片与附件', target: () => Attachment, inverse: 'visit', orderBy: { createdAt: 'asc' } },
  },
  listedUnder: [{ parent: () => Student, as: 'visits', label: '家访记录', inverse: 'student', orderBy: { plannedAt: 'desc' } }],
  validate: visitProblems,
  printForm: visitRecordForm,
  actions: VISIT_ACTIONS,
  // A campaign visit's roster entry and earlier visits, read with its student and visitor.
  readAhead: campaignVisitorReads,
  beforeSave: async (v, { mode, viewer, em }) => {
    await checkCampaignVisitor(em, v);
    if (mode !== 'create') return;
    v.recordedBy = em.getReference(User, viewer.userId);
    if (v.status === VisitStatus.PLANNED) {
      if (v.visitedAt) throw badField('visitedAt', '家访时间在完成家访时填写', 'VISIT_TIME_ON_COMPLETION');
      return;
    }
    if (!CREATE_STATUSES.includes(v.status)) {
      throw badField('status', '家访状态只能通过出发、完成、审核操作改变', 'STATUS_VIA_WORKFLOW');
    }
    if (travels(v.form)) {
      throw badField('status', '实地家访须先报备出行，出发、返回后再完成', 'SAFETY_REPORT_FIRST');
    }
    const missing = missingContent(v);
    if (missing.length) throw badInput(missing);
    const now = new Date();
    if (v.visitedAt) {
      const wrongTime = visitTimeProblems(v.visitedAt, now);
      if (wrongTime.length) throw badInput(wrongTime);
    }
    v.visitedAt ??= now;
    v.completedAt = now;
    v.completedBy = em.getReference(User, viewer.userId);
  },
})
@Index({ properties: ['status', 'expectedReturnAt'] })
export class VisitRecord extends TenantEntity {
  @RefField('家访活动', () => Campaign, { nullable: true })
  campaign?: Rel<Campaign>;

  @RefField('学生', () => Student)
  student!: Rel<Student>;

  @RefField('家访教师', () => StaffMember, { suggest: 'viewer.staff' })
  visitor!: Rel<StaffMember>;

  @RefListField('同行人员', () => StaffMember, 'companionIds')
  companions!: Collection<StaffMember>;

  @EnumField('家访形式', VisitForm, { index: true })
  form!: VisitForm;

  @EnumField('家访目的', VisitPurpose, { index: true, default: () => VisitPurpose.ROUTINE })
  purpose!: VisitPurpose;

  @EnumField('状态', VisitStatus, { index: true, writable: 'create', default: () => VisitStatus.PLANNED, createChoices: CREATE_STATUSES })
  status!: VisitStatus;

  @EnumField('出行方式', VisitTransport, { nullable: true, shownWhen: TRAVELLING })
  transport?: VisitTransport;

  @TextField('走访地址', { nullable: true, maxLength: 200, sensitive: 'ADDRESS', suggest: 'student.address', shownWhen: TRAVELLING })
  address?: string;

  @DateTimeField('计划出发时间', { nullable: true, index: true, suggest: 'now' })
  plannedAt?: Date;

  @DateTimeField('预计返回时间', { nullable: true, suggest: 'now+2h', shownWhen: TRAVELLING })
  expectedReturnAt?: Date;

  @DateTimeField('实际出发时间', { nullable: true, writable: false })
  departedAt?: Date;

  @DateTimeField('实际返回时间', { nullable: true, writable: false })
  returnedAt?: Date;

  @DateTimeField('完成时间', { nullable: true, writable: false, index: true })
  completedAt?: Date;

  /**
   * 家访时间 (附件3-1): when the visit happened, given by the recorder when entered late (remote
   * forms at creation, any form at completion); every count, report and rule goes by it.
   */
  @DateTimeField('家访时间', { nullable: true, writable: 'create', index: true, shownWhen: RECORDED })
  visitedAt?: Date;

  @DateTimeField('审核时间', { nullable: true, writable: false })
  reviewedAt?: Date;

  @RefField('出发登记人', () => User, { nullable: true, writable: false })
  departedBy?: Rel<User>;

  @RefField('完成登记人', () => User, { nullable: true, writable: false })
  completedBy?: Rel<User>;

  @RefField('审核人', () => User, { nullable: true, writable: false })
  reviewedBy?: Rel<User>;

  @RefField('记录人', () => User, { nullable: true, writable: false })
  recordedBy?: Rel<User>;

  @TextField('接待家长', { nullable: true, maxLength: 30, sensitive: 'NAME', shownWhen: RECORDED })
  parentMetName?: string;

  @TextField('家长电话', { nullable: true, validate: phoneProblem, sensitive: 'PHONE', shownWhen: RECORDED })
  parentMetPhone?: string;

  @TextField('家庭情况', { nullable: true, maxLength: 2000, sensitive: 'NOTES', shownWhen: RECORDED })
  familySituation?: string;

  @TextField('学生情况', { nullable: true, maxLength: 2000, sensitive: 'NOTES', shownWhen: RECORDED })
  studentSituation?: string;

  @TextField('家访要点', { nullable: true, maxLength: 2000, sensitive: 'NOTES', shownWhen: RECORDED })
  keyPoints?: string;

  @TextField('家访效果', { nullable: true, maxLength: 2000, sensitive: 'NOTES', shownWhen: RECORDED })
  effect?: string;

  @BoolField('家长同意', { default: () => false, shownWhen: RECORDED })
  parentConsent!: boolean;

  /** What the visit found that puts schooling at risk; the dropout risk list (dropout/risk) reads it. */
  @EnumListField('辍学风险表现', DropoutSign, { default: () => [], sensitive: 'FOCUS', shownWhen: RECORDED })
  dropoutSigns!: DropoutSign[];

  @RefField('控辍保学案件', () => DropoutCase, { nullable: true })
  dropoutCase?: Rel<DropoutCase>;

  /** 回访核查: the school's or bureau's call-back to the family. */
  @BoolField('回访确认已家访', { nullable: true, shownWhen: REVIEWED })
  callbackConfirmed?: boolean;

  @EnumField('家长满意度', Satisfaction, { nullable: true, index: true, shownWhen: REVIEWED })
  satisfaction?: Satisfaction;

  @TextField('回访备注', { nullable: true, maxLength: 500, sensitive: 'NOTES', shownWhen: REVIEWED })
  callbackNote?: string;
}
