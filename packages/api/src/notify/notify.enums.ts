import { defineEnum, type EnumOf } from '../core/resource/enums';

/** What a reminder is about; one per fact and period (a visit, a suggestion, a campaign's last week). */
export const NotificationKind = defineEnum('NotificationKind', '提醒类别', {
  VISIT_OVERDUE: '家访逾期未归',
  SUGGESTION_UNANSWERED: '家长意见逾期未答复',
  CASE_SIGNOFF: '控辍保学案件待签字',
  CAMPAIGN_ENDING: '家访活动将结束仍有学生未家访',
  CHANNEL_TEST: '推送渠道测试',
});
export type NotificationKind = EnumOf<typeof NotificationKind>;

export const ChannelKind = defineEnum('ChannelKind', '推送渠道', {
  WECOM_ROBOT: '企业微信群机器人',
  DINGTALK_ROBOT: '钉钉群机器人',
  EMAIL: '电子邮件',
  WEBHOOK: '通用 Webhook',
});
export type ChannelKind = EnumOf<typeof ChannelKind>;

export const DeliveryStatus = defineEnum('DeliveryStatus', '推送状态', {
  PENDING: '待发送（含重试中）',
  SENT: '已发送',
  FAILED: '发送失败',
});
export type DeliveryStatus = EnumOf<typeof DeliveryStatus>;
