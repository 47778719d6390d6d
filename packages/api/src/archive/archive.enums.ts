import { defineEnum, type EnumOf } from '../core/resource/enums';

// 002 附件2-2 “控辍保学”档案材料分类目录: the eight boxes and the items each holds, named as the
// catalogue names them (catalogue.ts lays them out in order with their numbers).

export const ArchiveBox = defineEnum('ArchiveBox', '控辍保学档案盒（附件2-2）', {
  REGULATIONS: 'Ⅰ类 控辍保学规章制度',
  RESPONSIBILITY: 'Ⅱ类 控辍保学目标责任书',
  SCHOOL_AGE_LEDGER: 'Ⅲ类 辖区内6-15周岁适龄儿童少年就学情况台账',
  MONTHLY_REPORTS: 'Ⅳ类 控辍保学月报、网报表',
  ENROLLMENT: 'Ⅴ类 学籍管理档案资料',
  SPECIAL_GROUPS: 'Ⅵ类 特殊群体学生关爱资料',
  DROPOUT_PERSUASION: 'Ⅶ类 疑似失、辍学报告、劝返资料',
  PUBLICITY: 'Ⅷ类 控辍保学政策宣传培训等材料',
});
export type ArchiveBox = EnumOf<typeof ArchiveBox>;

export const ArchiveItem = defineEnum('ArchiveItem', '盒内资料（附件2-2）', {
  POLICY_FILES: 'Ⅰ① 上级下发及学校制定的有关控辍保学政策文件',
  SCHEME_AND_LEADERSHIP: 'Ⅰ② 学校控辍保学制度方案及“控辍保学”工作领导机构、成员分工',
  TERM_PLANS: 'Ⅰ③ 上、下学期学校控辍保学工作安排、总结等',
  AGREEMENT_DIRECTOR_PRINCIPAL: 'Ⅱ① 局长与校长签订的控辍保学目标责任书',
  AGREEMENT_CENTRAL_TEACHING_POINT: 'Ⅱ② 中心校校长与教学点校长签订的控辍保学目标责任书',
  AGREEMENT_PRINCIPAL_HEAD_TEACHER: 'Ⅱ③ 校长与班主任签订的控辍保学目标责任书',
  AGREEMENT_PRINCIPAL_TEACHER: 'Ⅱ④ 校长与教师签订的控辍保学目标责任书',
  AGREEMENT_HEAD_TEACHER_PARENT: 'Ⅱ⑤ 班主任与家长签订的控辍保学目标责任书',
  SURVEY_REPORT: 'Ⅲ① 辖区内6-15周岁适龄儿童少年就学情况摸排统计报告',
  SURVEY_TABLE: 'Ⅲ② 辖区内6-15周岁适龄儿童少年统计表',
  SURVEY_ROSTER: 'Ⅲ③ 辖区内6-15周岁适龄儿童少年花名册',
  SPECIAL_SITUATION_ROSTER: 'Ⅲ④ 辖区内6-15周岁适龄儿童少年特殊情况分类花名册',
  SURVEY_EVIDENCE: 'Ⅲ⑤ 辖区内6-15周岁适龄儿童少年佐证资料',
  MONTHLY_REPORT: 'Ⅳ① 控辍保学月报表（以实际在校生人数为准，含请假、休学）',
  SYSTEM_EXPORT: 'Ⅳ② 控辍保学系统上报导出报表',
  ENROLLMENT_RULES: 'Ⅴ① 有关学籍管理制度的文件',
  GRADUATE_ROSTER: 'Ⅴ② 近三年小学毕业库学生花名册及佐证材料',
  STUDENT_ROSTER: 'Ⅴ③ 上、下学期在校生花名册',
  ENROLLMENT_CHANGES: 'Ⅴ④ 上、下学期学籍异动（转学、休学、复学等）学生花名册及办理资料',
  REGISTRY_MISMATCH: 'Ⅴ⑤ 学校人籍不符学生花名册及佐证材料',
  SPECIAL_GROUP_CARE: 'Ⅵ① 留守、随迁、学困、特殊家庭等特殊儿童花名册及关爱、帮扶活动记录（附图片）',
  HOME_TEACHING_ROSTER: 'Ⅵ② 残疾送教儿童花名册',
  HOME_TEACHING_RECORDS: 'Ⅵ③ 送教方案及送教记录（每月至少2次，附图片）',
  SUSPECTED_ROSTER: 'Ⅶ① 疑似失、辍学学生花名册',
  PERSUASION_RECORDS: 'Ⅶ② 疑似失、辍学学生劝返记录',
  MEETINGS_AND_PUBLICITY: 'Ⅷ① 学校有关控辍保学的会议简报、宣传稿件、美篇、会议记录、领导的发言稿和影像资料',
  PARENT_PUBLICITY: 'Ⅷ② 学校向家长宣传控辍保学政策的过程性资料',
});
export type ArchiveItem = EnumOf<typeof ArchiveItem>;
