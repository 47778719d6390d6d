import { defineEnum, type EnumOf } from '../core/resource/enums';

/** What a visit found that puts a child's schooling at risk (002 四(五) 辍学风险预警 reads it). */
export const DropoutSign = defineEnum('DropoutSign', '辍学风险表现', {
  AVERSION: '厌学情绪',
  LONG_ABSENCE: '长期缺课、旷课',
  WORK_INTENT: '有外出打工或务农意愿',
  FAMILY_NEGLECT: '家长不重视或阻碍就学',
});
export type DropoutSign = EnumOf<typeof DropoutSign>;

/** The kinds of fact a dropout risk score is made of (risk-weights.ts weighs each). */
export const RiskFactor = defineEnum('RiskFactor', '风险因素', {
  FOCUS: '重点关注类别',
  GRADE: '年级',
  MISSED_VISIT: '家访未达要求',
  VISIT_SIGN: '家访发现的风险表现',
  ESCALATED_SUGGESTION: '家长意见上报未解决',
  EARLIER_CASE: '曾有控辍保学案件',
  ENROLLMENT_CHANGE: '近期学籍异动',
});
export type RiskFactor = EnumOf<typeof RiskFactor>;

export const RiskBand = defineEnum('RiskBand', '风险等级', {
  HIGH: '高风险',
  MEDIUM: '中风险',
  LOW: '低风险',
  NONE: '无风险因素',
});
export type RiskBand = EnumOf<typeof RiskBand>;
