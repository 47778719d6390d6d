import type { Rel } from '@mikro-orm/core';
import { Property } from '@mikro-orm/core';
import { BoolField, EnumField, EnumListField, RefField, Resource, SecretField, TenantEntity, TextField } from '../core/resource';
import { School } from '../org/school.entity';
import { ChannelKind, NotificationKind } from './notify.enums';
import { addressHint, channelProblems } from './channel-address';

/**
 * 推送渠道: where a school's (or the whole county's) reminders are also sent: a 企业微信 or 钉钉
 * group robot, e-mail, or any webhook. The address holds the robot's key, so it is write-only: the
 * API shows only its hint (https://qyapi.weixin.qq.com/…****a1b2). Messages carry counts and staff
 * names, never a child's data (notify/messages.ts).
 */
@Resource({
  label: '推送渠道',
  area: 'system',
  display: 'name',
  search: ['name'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  validate: channelProblems,
  beforeSave: (c: NotificationChannel) => {
    if (c.address) c.addressHint = addressHint(c.kind, c.address);
  },
})
export class NotificationChannel extends TenantEntity {
  @TextField('名称', { maxLength: 40 })
  name!: string;

  @EnumField('渠道类型', ChannelKind)
  kind!: ChannelKind;

  /** Empty: the whole county's reminders. */
  @RefField('学校（不填则为全县）', () => School, { nullable: true })
  school?: Rel<School> | null;

  /** Never a GraphQL field: only `target` (write-only) reaches it. */
  @Property({ type: 'text' })
  address!: string;

  @SecretField('地址（机器人 Webhook 或收件邮箱，多个用逗号分隔）', 'address', (plain) => plain.trim())
  target?: string;

  @TextField('地址（部分）', { nullable: true, writable: false })
  addressHint?: string | null;

  /** 钉钉 加签 secret, or the HMAC key a generic webhook's receiver checks. Never a GraphQL field. */
  @Property({ type: 'text', nullable: true })
  signingKey?: string | null;

  @SecretField('加签密钥（钉钉加签或 Webhook 签名，可不填）', 'signingKey', (plain) => plain.trim(), { nullable: true })
  signingSecret?: string;

  @EnumListField('推送的提醒类别（不选则全部）', NotificationKind, { default: () => [] })
  kinds!: NotificationKind[];

  @BoolField('启用', { default: () => true })
  active!: boolean;
}
