import { Index, type Rel } from '@mikro-orm/core';
import { DateField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { conflict } from '../core/errors';
import { School } from '../org/school.entity';
import { StaffMember } from '../org/staff-member.entity';
import { todayInChina } from '../core/time/school-year';
import { Student } from '../roster/student.entity';
import { VisitRecord } from '../visit/visit-record.entity';
import { Attachment } from '../files/attachment.entity';
import { DropoutCaseStatus, DropoutCategory, NonDropoutCategory } from './dropout.enums';
import { caseDateProblems, dropoutCaseActions, OPEN_STATUSES } from './dropout.rules';
import { dropoutCaseForm } from './dropout-case.form';

/**
 * 控辍保学案件 with the verification form (附件4). The status moves only through
 * verifyDropoutCase, confirmDropoutCase, persuadeDropoutCase, returnDropoutCase and closeDropoutCase.
 */
@Resource({
  label: '控辍保学案件',
  area: 'dropout',
  display: 'details',
  search: ['student.name', 'details'],
  defaultSort: { field: 'discoveredOn', order: 'DESC' },
  children: {
    persuasionVisits: { label: '劝返家访', target: () => VisitRecord, inverse: 'dropoutCase', orderBy: { plannedAt: 'asc' } },
    attachments: { label: '佐证材料', target: () => Attachment, inverse: 'dropoutCase', orderBy: { createdAt: 'asc' } },
  },
  listedUnder: [{ parent: () => Student, as: 'dropoutCases', label: '控辍保学案件', inverse: 'student', orderBy: { discoveredOn: 'desc' } }],
  printForm: dropoutCaseForm,
  actions: dropoutCaseActions(),
  validate: (c) => caseDateProblems(c),
  beforeSave: async (c, { mode, em }) => {
    if (mode !== 'create') return;
    const open = await em.findOne(DropoutCase, { student: c.student.id, status: { $in: OPEN_STATUSES } });
    if (open) {
      throw conflict('该学生已有未结的控辍保学案件，请在原案件中处理', { field: 'studentId', rule: 'ONE_OPEN_CASE', existingId: open.id });
    }
    if (!c.school) {
      const student = await em.findOneOrFail(Student, c.student.id);
      c.school = student.school ?? null;
    }
  },
})
// One open case per student, also under concurrent writes.
@Index({ name: 'dropout_case_one_open', expression: `create unique index "dropout_case_one_open" on "dropout_case" ("student_id") where "status" in ('SUSPECTED', 'VERIFYING', 'CONFIRMED_DROPOUT', 'PERSUADING')` })
export class DropoutCase extends TenantEntity {
  @RefField('学生', () => Student)
  student!: Rel<Student>;

  /** The school the student belongs to (and returns to). */
  @RefField('学校', () => School, { nullable: true })
  school?: Rel<School> | null;

  @DateField('发现日期', { index: true, default: () => todayInChina() })
  discoveredOn!: string;

  @RefField('报告人', () => StaffMember, { nullable: true, suggest: 'viewer.staff' })
  reporter?: Rel<StaffMember>;

  @EnumField('案件状态', DropoutCaseStatus, { index: true, writable: false, default: () => DropoutCaseStatus.SUSPECTED })
  status!: DropoutCaseStatus;

  @EnumField('辍学类别', DropoutCategory, { nullable: true, index: true })
  dropoutCategory?: DropoutCategory;

  @EnumField('非辍学类别', NonDropoutCategory, { nullable: true, index: true })
  nonDropoutCategory?: NonDropoutCategory;

  @TextField('具体情况', { nullable: true, maxLength: 4000, sensitive: 'NOTES' })
  details?: string;

  @TextField('佐证材料缺失说明', { nullable: true, maxLength: 1000, sensitive: 'NOTES' })
  evidenceNote?: string;

  @DateField('监护人签字日期', { nullable: true })
  guardianSignedOn?: string;

  @RefField('学校核查人', () => StaffMember, { nullable: true })
  schoolVerifier?: Rel<StaffMember>;

  @DateField('学校核查日期', { nullable: true })
  schoolVerifiedOn?: string;

  @DateField('村（社区）盖章日期', { nullable: true })
  villageSignedOn?: string;

  @DateField('校长签字日期', { nullable: true })
  principalSignedOn?: string;

  @DateField('镇（办）盖章日期', { nullable: true })
  townSignedOn?: string;

  @DateField('公安部门盖章日期', { nullable: true })
  policeSignedOn?: string;

  @DateField('确认辍学日期', { nullable: true, writable: false, index: true })
  confirmedOn?: string;

  @DateField('返校日期', { nullable: true, writable: false })
  returnedOn?: string;

  @DateField('结案日期', { nullable: true, writable: false, index: true })
  closedOn?: string;
}
