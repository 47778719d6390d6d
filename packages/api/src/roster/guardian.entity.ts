import type { Rel } from '@mikro-orm/core';
import { BoolField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { phoneProblem } from '../core/validation/phone';
import { GuardianRelation } from './roster.enums';
import { Student } from './student.entity';

@Resource({
  label: '监护人',
  area: 'roster',
  display: 'name',
  search: ['name', 'phone', 'student.name'],
  subtitle: [{ field: 'student' }, { field: 'relation' }],
  // A student's guardians are told apart by name and relation (a father and a grandfather may
  // share a name); imports update them in place.
  naturalKeys: { STUDENT_NAME_RELATION: { fields: ['student', 'name', 'relation'], label: '学生、监护人姓名与关系' } },
})
export class Guardian extends TenantEntity {
  @RefField('学生', () => Student, { onDelete: 'cascade' })
  student!: Rel<Student>;

  @TextField('姓名', { search: true, index: true, maxLength: 30, sensitive: 'NAME' })
  name!: string;

  @EnumField('与学生关系', GuardianRelation)
  relation!: GuardianRelation;

  @TextField('联系电话', { index: true, validate: phoneProblem, sensitive: 'PHONE' })
  phone!: string;

  @TextField('备用电话', { nullable: true, validate: phoneProblem, sensitive: 'PHONE' })
  phone2?: string;

  @BoolField('与学生同住', { default: () => true })
  livesWithStudent!: boolean;

  @BoolField('外出务工', { default: () => false, index: true })
  worksAway!: boolean;
}
