import { Index, type Rel } from '@mikro-orm/core';
import { DateField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { todayInChina } from '../core/time/school-year';
import { School } from '../org/school.entity';
import { SchoolClass } from '../org/school-class.entity';
import { EnrollmentChangeKind, EnrollmentState } from './enrollment.enums';
import { SchoolingStatus } from './roster.enums';
import { Student } from './student.entity';
import { recordEnrollmentChange } from './enrollment.rules';

/**
 * 学籍异动 (002 附件2-2 Ⅴ类). Recording one moves the student (school, class, schooling status)
 * in the same transaction, so a change is never edited or deleted afterwards: a mistake is put
 * right by a further change. The from-values are the student's as they were, kept so the roster
 * can be counted as it stood on any day (月报 在校生人数, 三比对).
 */
@Resource({
  label: '学籍异动',
  area: 'roster',
  display: 'effectiveOn',
  search: ['student.name', 'documentNumber'],
  defaultSort: { field: 'effectiveOn', order: 'DESC' },
  operations: { update: false, delete: false },
  listedUnder: [{ parent: () => Student, as: 'enrollmentChanges', label: '学籍异动', inverse: 'student', orderBy: { effectiveOn: 'desc', createdAt: 'desc' } }],
  validate: (c) =>
    c.leaveUntil && c.effectiveOn && c.leaveUntil < c.effectiveOn
      ? [{ field: 'leaveUntil', rule: 'LEAVE_UNTIL_ORDER', message: `请假截止日期（${c.leaveUntil}）不能早于异动日期（${c.effectiveOn}）` }]
      : [],
  beforeSave: (c, { mode, em }) => (mode === 'create' ? recordEnrollmentChange(em, c) : undefined),
})
@Index({ properties: ['student', 'effectiveOn'] })
export class EnrollmentChange extends TenantEntity {
  @RefField('学生', () => Student)
  student!: Rel<Student>;

  @EnumField('异动类别', EnrollmentChangeKind, { index: true })
  kind!: EnrollmentChangeKind;

  @DateField('异动日期', { index: true, default: () => todayInChina() })
  effectiveOn!: string;

  @RefField('原学校', () => School, { nullable: true, writable: false })
  fromSchool?: Rel<School> | null;

  @RefField('原班级', () => SchoolClass, { nullable: true, writable: false })
  fromClass?: Rel<SchoolClass> | null;

  @EnumField('原就学状态', SchoolingStatus, { writable: false })
  fromStatus!: SchoolingStatus;

  /**
   * 转入、县内转出、升学 (小学毕业升入初中): the school the student goes to. Any school of the county,
   * so the sending school records the move (the receiving one cannot reach the child before it).
   */
  @RefField('转入学校', () => School, { nullable: true, anyInBureau: true })
  toSchool?: Rel<School> | null;

  @RefField('转入班级', () => SchoolClass, { nullable: true, anyInBureau: true })
  toClass?: Rel<SchoolClass> | null;

  @EnumField('异动后就学状态', SchoolingStatus, { writable: false })
  toStatus!: SchoolingStatus;

  @EnumField('异动后在籍状态', EnrollmentState, { writable: false, index: true })
  stateAfter!: EnrollmentState;

  /** A school outside the county the student comes from or goes to (转入来源、转出去向). */
  @TextField('县外学校', { nullable: true, maxLength: 100 })
  otherSchoolName?: string;

  @TextField('异动原因', { nullable: true, maxLength: 500, sensitive: 'NOTES' })
  reason?: string;

  /** 转学联系函、休学申请审批表等办理资料的编号. */
  @TextField('办理文号', { nullable: true, maxLength: 50 })
  documentNumber?: string;

  @DateField('请假截止日期', { nullable: true })
  leaveUntil?: string;
}
