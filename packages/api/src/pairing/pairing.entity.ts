import type { Collection } from '@mikro-orm/core';
import { DateField, EnumField, EnumListField, RefListField, Resource, TenantEntity, TextField } from '../core/resource';
import { StaffMember } from '../org/staff-member.entity';
import { Student } from '../roster/student.entity';
import { PairingMode, PairingStatus, SupportType } from './pairing.enums';
import { pairingProblems } from './pairing.rules';

/** 结对帮扶: teachers paired with students, with the support they give and a plan per student. */
@Resource({
  label: '结对帮扶',
  area: 'pairing',
  display: 'plan',
  search: ['plan'],
  defaultSort: { field: 'startDate', order: 'DESC' },
  validate: (r) => pairingProblems(r),
})
export class Pairing extends TenantEntity {
  @EnumField('结对方式', PairingMode, { index: true })
  mode!: PairingMode;

  @RefListField('帮扶教师', () => StaffMember, 'helperIds')
  helpers!: Collection<StaffMember>;

  @RefListField('受帮扶学生', () => Student, 'studentIds')
  students!: Collection<Student>;

  @EnumListField('帮扶内容', SupportType, { default: () => [] })
  supportTypes!: SupportType[];

  /** 一生一策: the individual plan. */
  @TextField('一生一策帮扶计划', { nullable: true, maxLength: 4000, sensitive: 'NOTES' })
  plan?: string;

  @DateField('开始日期', { index: true })
  startDate!: string;

  @DateField('结束日期', { nullable: true })
  endDate?: string;

  @EnumField('状态', PairingStatus, { index: true, default: () => PairingStatus.ACTIVE })
  status!: PairingStatus;
}
