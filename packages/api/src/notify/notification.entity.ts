import { Unique, type Rel } from '@mikro-orm/core';
import { DateTimeField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { School } from '../org/school.entity';
import { User } from '../org/user.entity';
import { NotificationKind } from './notify.enums';

/**
 * 提醒: one reminder in one person's inbox, raised by the scheduler (notify/reminders.ts) for a
 * fact (a visit past its return, a suggestion unanswered). Each person gets one per fact: the
 * unique (recipient, factKey) settles scans running in several processes at once. Read through
 * `myNotifications`; the bureau admin may list them all.
 */
@Resource({
  label: '提醒',
  area: 'system',
  display: 'title',
  search: ['title'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  operations: { create: false, update: false, delete: false },
})
@Unique({ properties: ['recipient', 'factKey'] })
export class Notification extends TenantEntity {
  @RefField('接收人', () => User, { writable: false, onDelete: 'cascade' })
  recipient!: Rel<User>;

  @EnumField('提醒类别', NotificationKind, { writable: false, index: true })
  kind!: NotificationKind;

  @TextField('标题', { writable: false, maxLength: 100 })
  title!: string;

  @TextField('内容', { writable: false, maxLength: 1000 })
  body!: string;

  @RefField('学校', () => School, { nullable: true, writable: false })
  school?: Rel<School> | null;

  /** The record it is about, for the admin's link (VisitRecord and its id). */
  @TextField('相关记录类型', { nullable: true, writable: false })
  subjectType?: string | null;

  @TextField('相关记录编号', { nullable: true, writable: false, technical: true })
  subjectId?: string | null;

  /** The fact and its period (VISIT_OVERDUE:<visit id>): one reminder per person each. */
  @TextField('提醒键', { writable: false })
  factKey!: string;

  @DateTimeField('已读时间', { nullable: true, writable: false, index: true })
  readAt?: Date | null;
}
