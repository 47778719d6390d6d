import { defineEnum, type EnumOf } from '../core/resource/enums';

export const CampaignKind = defineEnum('CampaignKind', '活动类型', {
  COVERAGE: '全员覆盖家访',
  REVISIT: '重点群体回访',
  ASSISTANCE: '资助慰问家访',
  PERSUASION: '控辍劝返家访',
});
export type CampaignKind = EnumOf<typeof CampaignKind>;

export const RosterPriority = defineEnum('RosterPriority', '走访优先级', { HIGH: '重点走访', NORMAL: '一般走访' });
export type RosterPriority = EnumOf<typeof RosterPriority>;

/** Who a generated roster assigns each student to (000 五(一), 003 "班主任为主"). */
export const RosterAssignee = defineEnum('RosterAssignee', '指派给', { HEAD_TEACHER: '班主任', PAIRED_HELPER: '结对帮扶教师' });
export type RosterAssignee = EnumOf<typeof RosterAssignee>;

/** Why a student of the selection got no roster entry. */
export const RosterSkipReason = defineEnum('RosterSkipReason', '未生成原因', {
  ALREADY_ON_ROSTER: '已在走访对象名单中',
  VISITED_BY_ANOTHER: '本次活动中已由其他教师家访',
  NO_HEAD_TEACHER: '班级未设班主任（或班主任已离岗）',
  NO_PAIRED_HELPER: '没有进行中的结对帮扶教师',
  STAFF_OUT_OF_REACH: '负责教师在您的权限范围以外（如外校的结对教师），请由教育局指派',
});
export type RosterSkipReason = EnumOf<typeof RosterSkipReason>;
