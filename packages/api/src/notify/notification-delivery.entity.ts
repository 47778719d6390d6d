import { Index, Property, type Rel } from '@mikro-orm/core';
import { DateTimeField, EnumField, IntField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { NotificationChannel } from './notification-channel.entity';
import { DeliveryStatus, NotificationKind } from './notify.enums';

/** 推送记录: one message to one channel, with its attempts (retried with backoff by the scheduler). */
@Resource({
  label: '推送记录',
  area: 'system',
  display: 'text',
  search: ['text'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  operations: { create: false, update: false, delete: false },
  listedUnder: [{ parent: () => NotificationChannel, as: 'deliveries', label: '推送记录', inverse: 'channel', orderBy: { createdAt: 'desc' } }],
})
export class NotificationDelivery extends TenantEntity {
  @RefField('推送渠道', () => NotificationChannel, { writable: false, onDelete: 'cascade' })
  channel!: Rel<NotificationChannel>;

  @EnumField('提醒类别', NotificationKind, { writable: false, index: true })
  kind!: NotificationKind;

  @TextField('推送内容', { writable: false, maxLength: 2000 })
  text!: string;

  @EnumField('状态', DeliveryStatus, { writable: false, index: true, default: () => DeliveryStatus.PENDING })
  status!: DeliveryStatus;

  @IntField('尝试次数', { writable: false, default: () => 0 })
  attempts!: number;

  /** The receiver's answer or the network error of the last attempt (never the address). */
  @TextField('最近错误', { nullable: true, writable: false, maxLength: 500 })
  lastError?: string | null;

  @DateTimeField('发送时间', { nullable: true, writable: false })
  sentAt?: Date | null;

  /** The facts the message told of: a channel hears of each fact once. Never a GraphQL field. */
  @Property({ type: 'text[]', default: '{}' })
  @Index({ name: 'notification_delivery_fact_keys_gin', expression: 'create index "notification_delivery_fact_keys_gin" on "notification_delivery" using gin ("fact_keys")' })
  factKeys: string[] = [];
}
