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
