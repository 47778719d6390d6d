import { Unique, type Rel } from '@mikro-orm/core';
import { DateField, EnumField, IntField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { School } from '../org/school.entity';
import { schoolTermOf, schoolYearProblem, Semester, todayInChina } from '../core/time/school-year';
import { enumLabel } from '../core/resource/enums';

const count = (v: number) => (v >= 0 ? null : { rule: 'NEGATIVE_COUNT', message: '人数不能为负数' });

/** 学籍人数 = 在校生人数 + 籍在人不在 − 人在籍不在. */
const identityProblems = (e: EnrollmentCheck) =>
  e.registryCount === e.reportedCount + e.registeredAbsent - e.presentUnregistered
      ? []
      : [{
          field: 'registryCount',
          rule: 'ENROLLMENT_IDENTITY',
          message: `学籍人数应等于 在校生人数 + 籍在人不在人数 − 人在籍不在人数（${e.reportedCount} + ${e.registeredAbsent} − ${e.presentUnregistered} = ${e.reportedCount + e.registeredAbsent - e.presentUnregistered}，填报为 ${e.registryCount}）`,
        }];

/** The day the counts were taken lies in the check's own semester (the roll is counted as of it). */
function checkDateProblems(e: EnrollmentCheck) {
  if (!e.checkedOn || !e.schoolYear || !e.semester) return [];
  const term = schoolTermOf(e.checkedOn);
  return term.schoolYear === e.schoolYear && term.semester === e.semester
    ? []
    : [{ field: 'checkedOn', rule: 'CHECK_DATE_TERM', message: `比对日期应在${e.schoolYear}学年${enumLabel(Semester, e.semester)}内` }];
}

/** 三比对: a school's registry against its pupils, per semester. */
@Resource({
  label: '学籍比对',
  area: 'dropout',
  display: 'schoolYear',
  search: ['school.name'],
  defaultSort: { field: 'schoolYear', order: 'DESC' },
  naturalKeys: { SCHOOL_TERM: { fields: ['school', 'schoolYear', 'semester'], label: '学校与学期' } },
  validate: (e) => [...checkDateProblems(e), ...identityProblems(e)],
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

  /** The day the counts were taken: the system's own roll (rosterCount) is counted as of it (else the semester's start). */
  @DateField('比对日期', {
    nullable: true,
    validate: (v: string) => (v > todayInChina() ? { rule: 'CHECK_DATE_FUTURE', message: '比对日期不能晚于今天' } : null),
  })
  checkedOn?: string;
}
