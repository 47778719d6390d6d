import { Unique, type Rel } from '@mikro-orm/core';
import { EnumField, IntField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { School } from '../org/school.entity';
import { schoolYearProblem, Semester } from '../core/time/school-year';

const count = (v: number) => (v >= 0 ? null : { rule: 'NEGATIVE_COUNT', message: '人数不能为负数' });

/** 三比对: a school's registry against its pupils, per semester. */
@Resource({
  label: '学籍比对',
  area: 'dropout',
  display: 'schoolYear',
  search: ['school.name'],
  defaultSort: { field: 'schoolYear', order: 'DESC' },
  naturalKeys: { SCHOOL_TERM: { fields: ['school', 'schoolYear', 'semester'], label: '学校与学期' } },
  validate: (e) =>
    e.registryCount === e.reportedCount + e.registeredAbsent - e.presentUnregistered
      ? []
      : [{
          field: 'registryCount',
          rule: 'ENROLLMENT_IDENTITY',
          message: `学籍人数应等于 在校生人数 + 籍在人不在人数 − 人在籍不在人数（${e.reportedCount} + ${e.registeredAbsent} − ${e.presentUnregistered} = ${e.reportedCount + e.registeredAbsent - e.presentUnregistered}，填报为 ${e.registryCount}）`,
        }],
})
@Unique({ properties: ['school', 'schoolYear', 'semester'] })
export class EnrollmentCheck extends TenantEntity {
  @RefField('学校', () => School)
  school!: Rel<School>;

  @TextField('学年', { index: true, validate: schoolYearProblem })
  schoolYear!: string;

  @EnumField('学期', Semester, { index: true })
  semester!: Semester;

  @IntField('学籍人数', { validate: count })
  registryCount!: number;

  @IntField('上学期学籍人数', { nullable: true, validate: count })
  lastSemesterCount?: number;

  @IntField('在校生人数', { validate: count })
  reportedCount!: number;

  @IntField('籍在人不在人数', { validate: count })
  registeredAbsent!: number;

  @IntField('人在籍不在人数', { validate: count })
  presentUnregistered!: number;

  @TextField('备注', { nullable: true, maxLength: 1000 })
  note?: string;
}
