import { defineEnum, type EnumOf } from '../core/resource/enums';

export const RegionLevel = defineEnum('RegionLevel', '行政区划级别', {
  COUNTY: '县（市、区）',
  TOWN: '乡镇（街道）',
  VILLAGE: '村（社区）委员会',
});
export type RegionLevel = EnumOf<typeof RegionLevel>;

export const SchoolKind = defineEnum('SchoolKind', '学校类别', {
  KINDERGARTEN: '幼儿园',
  PRIMARY: '小学',
  JUNIOR: '初级中学',
  NINE_YEAR: '九年一贯制学校',
  SENIOR: '高级中学',
  SPECIAL: '特殊教育学校',
  TEACHING_POINT: '教学点',
});
export type SchoolKind = EnumOf<typeof SchoolKind>;

export const StaffPosition = defineEnum('StaffPosition', '职务', {
  PRINCIPAL: '校长',
  LEADER: '行政/中层',
  HEAD_TEACHER: '班主任',
  TEACHER: '任课教师',
  AID_OFFICER: '资助专干',
});
export type StaffPosition = EnumOf<typeof StaffPosition>;

export const Role = defineEnum('Role', '角色', {
  BUREAU_ADMIN: '局管理员',
  AID_OFFICER: '资助中心',
  SCHOOL_ADMIN: '校长/学校管理员',
  TEACHER: '教师',
  ANALYST: '督导/分析员',
  INTEGRATION: '接口令牌',
});
export type Role = EnumOf<typeof Role>;
