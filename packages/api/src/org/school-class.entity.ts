import type { Collection, Rel } from '@mikro-orm/core';
import { IntField, RefField, RefListField, Resource, TenantEntity, TextField } from '../core/resource';
import { School } from './school.entity';
import { StaffMember } from './staff-member.entity';
import { Student } from '../roster/student.entity';
import { schoolYearProblem } from '../core/time/school-year';


@Resource({
  label: '班级',
  area: 'org',
  display: 'name',
  search: ['name', 'school.name'],
  defaultSort: { field: 'grade', order: 'ASC' },
  // 三年级2班 is in every school, every year.
  subtitle: [{ field: 'school' }, { field: 'schoolYear', template: '{}学年' }],
  // Classes are told apart by school, school year and name (imports match them so).
  naturalKeys: { SCHOOL_YEAR_NAME: { fields: ['school', 'schoolYear', 'name'], label: '学校、学年与班级名称' } },
  children: { students: { label: '学生', target: () => Student, inverse: 'class', orderBy: { name: 'asc' }, expected: 60 } },
})
export class SchoolClass extends TenantEntity {
  @RefField('学校', () => School)
  school!: Rel<School>;

  /** 1–6 primary, 7–9 junior, 10–12 senior; 0 for kindergarten classes. */
  @IntField('年级', { index: true, validate: (v) => (v >= 0 && v <= 12 ? null : { rule: 'GRADE_RANGE', message: '年级应在0（幼儿园）到12之间' }) })
  grade!: number;

  @TextField('班级名称', { search: true, maxLength: 30 })
  name!: string;

  @RefField('班主任', () => StaffMember, { nullable: true })
  headTeacher?: Rel<StaffMember>;

  @RefListField('任课教师', () => StaffMember, 'teacherIds')
  teachers!: Collection<StaffMember>;

  @TextField('学年', { index: true, validate: schoolYearProblem })
  schoolYear!: string;
}
