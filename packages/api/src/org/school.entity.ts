import { Unique, type Rel } from '@mikro-orm/core';
import { EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { SchoolKind } from './org.enums';
import { Region } from './region.entity';
import { StaffMember } from './staff-member.entity';
import { SchoolClass } from './school-class.entity';
import { Student } from '../roster/student.entity';

@Resource({
  typicalRows: 300,
  label: '学校',
  area: 'org',
  display: 'name',
  defaultSort: { field: 'code', order: 'ASC' },
  naturalKeys: { CODE: { fields: ['code'], label: '学校代码' } },
  children: {
    classes: { label: '班级', target: () => SchoolClass, inverse: 'school', orderBy: { grade: 'asc', name: 'asc' }, expected: 40 },
    staff: { label: '教职工', target: () => StaffMember, inverse: 'school', orderBy: { name: 'asc' }, expected: 100 },
    students: { label: '学生', target: () => Student, inverse: 'school', orderBy: { name: 'asc' }, expected: 1000 },
    attachedSchools: { label: '下属园校', target: () => School, inverse: 'parentSchool', orderBy: { code: 'asc' } },
  },
  validate: (r) =>
    r.parentSchool && r.parentSchool.id === r.id
      ? [{ field: 'parentSchoolId', rule: 'PARENT_SCHOOL_SELF', message: '中心校不能是学校自身' }]
      : [],
})
@Unique({ properties: ['bureau', 'code'] })
export class School extends TenantEntity {
  @TextField('学校名称', { search: true, maxLength: 80 })
  name!: string;

  /** 学校标识码 (10 digits) or the bureau's own code; the natural key for imports. */
  @TextField('学校代码', { search: true, maxLength: 20, validate: (v) => (/^[0-9A-Za-z-]{2,20}$/.test(v) ? null : { rule: 'SCHOOL_CODE_FORMAT', message: '学校代码应为2–20位字母、数字或连字符' }) })
  code!: string;

  @EnumField('学校类别', SchoolKind, { index: true })
  kind!: SchoolKind;

  @RefField('所在乡镇', () => Region, { nullable: true })
  town?: Rel<Region>;

  /** 中心校: a central primary school reports for its kindergartens and teaching points. */
  @RefField('中心校', () => School, { nullable: true })
  parentSchool?: Rel<School>;

  @TextField('校长', { nullable: true, maxLength: 30, sensitive: 'NAME' })
  principalName?: string;

  @TextField('地址', { nullable: true, maxLength: 200 })
  address?: string;
}
