import { defineEnum, type EnumOf } from '../core/resource/enums';

export const Gender = defineEnum('Gender', '性别', { MALE: '男', FEMALE: '女' });
export type Gender = EnumOf<typeof Gender>;

/** 就学状态, the columns of 附件1-1 (6–15周岁适龄儿童少年就学情况摸排统计报告). */
export const SchoolingStatus = defineEnum('SchoolingStatus', '就学状态', {
  IN_COUNTY: '县域内实际就读',
  OUT_OF_COUNTY: '县域外就读',
  JUNIOR_GRADUATED: '初中已毕业',
  DEFERRED: '延缓入学',
  MOVED_UNREACHABLE: '外迁无法联系',
  MULTIPLE_REGISTRATION: '多重户籍',
  NO_SUCH_PERSON: '查无此人',
  DECEASED: '死亡',
  DROPOUT_ILLNESS: '因病因残辍学',
  DROPOUT_AVERSION: '厌学辍学',
  OTHER: '其他情况',
});
export type SchoolingStatus = EnumOf<typeof SchoolingStatus>;

/** 重点关注类别 from the five circulars. */
export const FocusCategory = defineEnum('FocusCategory', '重点关注类别', {
  ECONOMIC_HARDSHIP: '家庭经济困难',
  REGISTERED_POOR: '建档立卡/脱贫家庭',
  EDGE_OF_POVERTY: '边缘易致贫',
  UNSTABLE_EXIT: '脱贫不稳定',
  LOW_INCOME: '低保',
  EXTREME_POVERTY: '特困供养',
  SUDDEN_HARDSHIP: '突发严重困难/灾害/变故',
  SERIOUS_ILLNESS: '家庭成员重病',
  ORPHAN: '孤儿',
  UNSUPPORTED: '事实无人抚养',
  DISABLED: '残疾',
  LEFT_BEHIND: '留守儿童',
  SINGLE_PARENT: '单亲家庭',
  DIVORCED: '离异家庭',
  MIGRANT_CHILD: '进城务工随迁子女',
  LEARNING_DIFFICULTY: '学习困难',
  PSYCHOLOGICAL: '心理状况异常',
  MAJOR_CHANGE: '思想和学业重大变化',
  DROPOUT_RISK: '有辍学倾向',
  RELOCATED: '易地扶贫搬迁',
});
export type FocusCategory = EnumOf<typeof FocusCategory>;

export const DisabilityType = defineEnum('DisabilityType', '残疾类别', {
  VISUAL: '视力残疾',
  HEARING: '听力残疾',
  SPEECH: '言语残疾',
  PHYSICAL: '肢体残疾',
  INTELLECTUAL: '智力残疾',
  MENTAL: '精神残疾',
  MULTIPLE: '多重残疾',
});
export type DisabilityType = EnumOf<typeof DisabilityType>;

export const GuardianRelation = defineEnum('GuardianRelation', '与学生关系', {
  FATHER: '父亲',
  MOTHER: '母亲',
  GRANDFATHER: '祖父/外祖父',
  GRANDMOTHER: '祖母/外祖母',
  SIBLING: '兄弟姐妹',
  RELATIVE: '其他亲属',
  OTHER: '其他监护人',
});
export type GuardianRelation = EnumOf<typeof GuardianRelation>;
