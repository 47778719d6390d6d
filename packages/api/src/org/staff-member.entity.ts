import type { Rel } from '@mikro-orm/core';
import { BoolField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { phoneProblem } from '../core/validation/phone';
import { StaffPosition } from './org.enums';
import { School } from './school.entity';

// Named StaffMember, not Staff: "Staff" is its own plural, and the admin's dialect would then
// give the single and the bulk mutations the same name (deleteStaff).
@Resource({
  label: '教职工',
  area: 'org',
  display: 'name',
  search: ['name', 'phone', 'school.name'],
  // Namesakes across the county's schools: the school and post tell them apart.
  subtitle: [{ field: 'school' }, { field: 'position' }],
})
export class StaffMember extends TenantEntity {
  @TextField('姓名', { search: true, index: true, maxLength: 30, sensitive: 'NAME' })
  name!: string;

  @RefField('学校', () => School)
  school!: Rel<School>;

  @EnumField('职务', StaffPosition, { index: true })
  position!: StaffPosition;

  @TextField('联系电话', { nullable: true, validate: phoneProblem, sensitive: 'PHONE' })
  phone?: string;

  @BoolField('在岗', { default: () => true, index: true })
  active!: boolean;
}
