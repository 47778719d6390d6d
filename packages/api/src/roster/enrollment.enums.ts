import { defineEnum, type EnumOf } from '../core/resource/enums';

/** 学籍异动 (002 附件2-2 Ⅴ类: 转学、休学、复学; 小学毕业库). */
export const EnrollmentChangeKind = defineEnum('EnrollmentChangeKind', '异动类别', {
  TRANSFER_IN: '转入',
  TRANSFER_OUT: '转出',
  SUSPENSION: '休学',
  RESUMPTION: '复学',
  LONG_LEAVE: '长期请假',
  GRADUATION: '毕业',
});
export type EnrollmentChangeKind = EnumOf<typeof EnrollmentChangeKind>;

/** Where a student stands after their changes: suspended and on leave still count as in school (附件2-2 Ⅳ). */
export const EnrollmentState = defineEnum('EnrollmentState', '在籍状态', {
  ATTENDING: '在校就读',
  SUSPENDED: '休学',
  ON_LEAVE: '长期请假',
  LEFT: '已离校（转出、毕业）',
});
export type EnrollmentState = EnumOf<typeof EnrollmentState>;
