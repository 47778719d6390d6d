import type { Rel } from '@mikro-orm/core';
import { SUGGESTION_ACTIONS } from './visit.actions';
import { BoolField, DateTimeField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { StaffMember } from '../org/staff-member.entity';
import { VisitRecord } from './visit-record.entity';
import { IssueScope, SuggestionCategory, SuggestionStatus } from './visit.enums';

/**
 * 家长意见建议 (家校沟通表). What cannot be answered on the spot is escalated to the school
 * and stays open until a response is recorded.
 */
@Resource({
  label: '家长意见建议',
  area: 'visit',
  display: 'content',
  search: ['content', 'response'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  actions: SUGGESTION_ACTIONS,
  validate: (s) =>
    s.answeredOnSpot && !s.response
      ? [{ field: 'response', rule: 'RESPONSE_REQUIRED', message: '当场答复的意见须填写答复内容' }]
      : [],
  beforeSave: (s) => {
    if (s.response) {
      s.status = SuggestionStatus.RESOLVED;
      s.resolvedAt ??= new Date();
    } else {
      s.status = SuggestionStatus.ESCALATED;
      s.resolvedAt = null;
    }
  },
})
export class ParentSuggestion extends TenantEntity {
  @RefField('家访记录', () => VisitRecord, { onDelete: 'cascade' })
  visit!: Rel<VisitRecord>;

  @TextField('意见建议', { search: true, maxLength: 2000, sensitive: 'NOTES' })
  content!: string;

  @EnumField('类别', SuggestionCategory, { index: true })
  category!: SuggestionCategory;

  @BoolField('当场答复', { default: () => false })
  answeredOnSpot!: boolean;

  @TextField('答复内容', { nullable: true, maxLength: 2000, sensitive: 'NOTES' })
  response?: string;

  @EnumField('处理状态', SuggestionStatus, { index: true, writable: false, default: () => SuggestionStatus.ESCALATED })
  status!: SuggestionStatus;

  @EnumField('问题性质', IssueScope, { default: () => IssueScope.INDIVIDUAL, index: true })
  issueScope!: IssueScope;

  @RefField('处理人', () => StaffMember, { nullable: true })
  handler?: Rel<StaffMember>;

  @DateTimeField('解决时间', { nullable: true, writable: false, index: true })
  resolvedAt?: Date | null;
}
