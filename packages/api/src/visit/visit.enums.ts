import { defineEnum, type EnumOf } from '../core/resource/enums';

export const VisitForm = defineEnum('VisitForm', '家访形式', {
  IN_PERSON: '实地/面对面家访',
  PHONE: '电话家访',
  SMS: '短信家访',
  ONLINE: '网络家访（微信/QQ/视频）',
  LETTER: '信件家访',
  AT_SCHOOL: '约访到校',
});
export type VisitForm = EnumOf<typeof VisitForm>;

/** Forms with a trip to the family: they need the safety report (出行报备) before leaving. */
export const TRAVELLING_FORMS: VisitForm[] = [VisitForm.IN_PERSON];

/** 出行方式 in the safety report (000 六(一) "必须乘坐有营运资质的车辆"; 001 "严禁搭乘'三无'车辆"). */
export const VisitTransport = defineEnum('VisitTransport', '出行方式', {
  WALKING: '步行',
  SCHOOL_VEHICLE: '学校公务用车',
  PUBLIC_TRANSPORT: '公共交通',
  LICENSED_HIRE: '有营运资质的出租车或租用车辆',
  OWN_VEHICLE: '自驾车辆',
  OTHER: '其他',
});
export type VisitTransport = EnumOf<typeof VisitTransport>;

export const VisitPurpose = defineEnum('VisitPurpose', '家访目的', {
  ROUTINE: '常规家访',
  CONSOLATION: '资助慰问',
  PERSUASION: '控辍劝返',
  HOME_TEACHING: '送教上门',
  FOLLOW_UP: '回访',
  CARE: '关爱走访',
});
export type VisitPurpose = EnumOf<typeof VisitPurpose>;

export const VisitStatus = defineEnum('VisitStatus', '家访状态', {
  PLANNED: '已报备（待出发）',
  DEPARTED: '已出发',
  COMPLETED: '已完成',
  REVIEWED: '已审核',
});
export type VisitStatus = EnumOf<typeof VisitStatus>;

/** A visit that took place: completed, and reviewed after. Only these count in reports and tallies. */
export const DONE_VISIT_STATUSES: readonly VisitStatus[] = [VisitStatus.COMPLETED, VisitStatus.REVIEWED];
/** What a new visit starts as: planned, or (a phone, SMS or online visit entered afterwards) completed. */
export const CREATE_STATUSES: readonly VisitStatus[] = [VisitStatus.PLANNED, VisitStatus.COMPLETED];

export const Satisfaction = defineEnum('Satisfaction', '家长满意度', {
  VERY_SATISFIED: '非常满意',
  SATISFIED: '满意',
  NEUTRAL: '基本满意',
  DISSATISFIED: '不满意',
});
export type Satisfaction = EnumOf<typeof Satisfaction>;

export const SuggestionCategory = defineEnum('SuggestionCategory', '意见类别', {
  TEACHING: '教育教学',
  MANAGEMENT: '学校管理',
  SAFETY: '安全',
  FEES: '收费',
  MEALS: '食堂/营养餐',
  HOMEWORK: '作业与课后服务',
  FACILITIES: '设施设备',
  TEACHER_CONDUCT: '师德师风',
  OTHER: '其他',
});
export type SuggestionCategory = EnumOf<typeof SuggestionCategory>;

export const SuggestionStatus = defineEnum('SuggestionStatus', '处理状态', {
  ESCALATED: '已上报学校，待答复',
  RESOLVED: '已答复解决',
});
export type SuggestionStatus = EnumOf<typeof SuggestionStatus>;

export const IssueScope = defineEnum('IssueScope', '问题性质', { COMMON: '共性问题', INDIVIDUAL: '个性问题' });
export type IssueScope = EnumOf<typeof IssueScope>;

export const CareCheckKind = defineEnum('CareCheckKind', '关爱方式', {
  DAILY_ASK: '每日一问（班主任、任课教师）',
  WEEKLY_MEET: '每周一见（校长、学校领导）',
});
export type CareCheckKind = EnumOf<typeof CareCheckKind>;
