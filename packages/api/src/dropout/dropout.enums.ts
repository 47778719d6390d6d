import { defineEnum, type EnumOf } from '../core/resource/enums';

export const DropoutCaseStatus = defineEnum('DropoutCaseStatus', '案件状态', {
  SUSPECTED: '疑似辍学',
  VERIFYING: '核查中',
  CONFIRMED_DROPOUT: '确认辍学',
  PERSUADING: '劝返中',
  RETURNED: '已返校',
  CLOSED: '已结案（非辍学）',
});
export type DropoutCaseStatus = EnumOf<typeof DropoutCaseStatus>;

/** 辍学类别 (附件4): 1 打工务农 … 8 其他. */
export const DropoutCategory = defineEnum('DropoutCategory', '辍学类别', {
  WORK_FARMING: '1 打工务农',
  AVERSION: '2 厌学辍学',
  ILLNESS_DISABILITY: '3 因病因残',
  SCHOOLING_AT_HOME: '4 在家上学',
  RELIGIOUS: '5 入寺入教',
  EARLY_MARRIAGE: '6 早婚',
  POVERTY_RELOCATION: '7 扶贫异地搬迁',
  OTHER: '8 其他',
});
export type DropoutCategory = EnumOf<typeof DropoutCategory>;

/** 非辍学类别 (附件4): 1 户籍原因 … 8 失踪失联. */
export const NonDropoutCategory = defineEnum('NonDropoutCategory', '非辍学类别', {
  HOUSEHOLD_REGISTRATION: '1 户籍原因（查无此人、多重户籍）',
  ACTUALLY_ENROLLED: '2 实际就读',
  DEFERRED_ENTRY: '3 延缓入学',
  OVER_AGE: '4 超龄离校',
  SEVERE_ILLNESS: '5 重病重残',
  MOVED_UNREACHABLE: '6 外迁无法联系',
  ABROAD: '7 出国在外',
  MISSING: '8 失踪失联',
});
export type NonDropoutCategory = EnumOf<typeof NonDropoutCategory>;
