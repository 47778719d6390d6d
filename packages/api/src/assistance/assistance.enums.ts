import { defineEnum, type EnumOf } from '../core/resource/enums';

export const AssistanceCategory = defineEnum('AssistanceCategory', '资助类别', {
  LIVING_SUBSIDY: '生活补助（国家资助）',
  NUTRITION: '营养改善计划（国家资助）',
  FEE_WAIVER: '免学费（国家资助）',
  GRANT: '助学金（国家资助）',
  CONSOLATION_CASH: '慰问金',
  CONSOLATION_GOODS: '慰问品',
  SUPPLIES: '就学物资',
  DONATION: '社会捐助',
});
export type AssistanceCategory = EnumOf<typeof AssistanceCategory>;

/** Categories given as money and as goods; a donation may be either. */
export const CASH_CATEGORIES: AssistanceCategory[] = ['LIVING_SUBSIDY', 'NUTRITION', 'FEE_WAIVER', 'GRANT', 'CONSOLATION_CASH'];
export const GOODS_CATEGORIES: AssistanceCategory[] = ['CONSOLATION_GOODS', 'SUPPLIES'];

export const FundingSource = defineEnum('FundingSource', '资金来源', {
  SCHOOL_AID_FUND: '学校从事业收入中提取的资助资金',
  PUBLIC_FUNDS: '生均公用经费',
  FISCAL: '财政资金',
  SOCIAL_DONATION: '社会捐助',
});
export type FundingSource = EnumOf<typeof FundingSource>;
