import type { Rel } from '@mikro-orm/core';
import { DateField, EnumField, IntField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { School } from '../org/school.entity';
import { User } from '../org/user.entity';
import { schoolTermOf, schoolYearProblem, Semester } from '../core/time/school-year';
import { Student } from '../roster/student.entity';
import { VisitRecord } from '../visit/visit-record.entity';
import { AssistanceCategory, FundingSource } from './assistance.enums';
import { assistanceProblems, fundingSourceProblem } from './assistance.rules';
import { badInput } from '../core/errors';

/** 资助与慰问: one item of aid given to one student; money in fen (分). */
@Resource({
  label: '资助慰问',
  area: 'assistance',
  display: 'description',
  search: ['student.name', 'description', 'donor'],
  defaultSort: { field: 'date', order: 'DESC' },
  listedUnder: [{ parent: () => Student, as: 'assistanceItems', label: '资助慰问', inverse: 'student', orderBy: { date: 'desc' } }],
  validate: assistanceProblems,
  beforeSave: async (a, { mode, em, viewer, input }) => {
    // The school year and semester follow the date unless given; the school is the student's.
    const term = schoolTermOf(a.date);
    const dateChanged = mode === 'create' || input.date !== undefined;
    if (dateChanged && input.schoolYear == null) a.schoolYear = term.schoolYear;
    if (dateChanged && input.semester == null) a.semester = term.semester;
    if (!a.school) {
      const student = await em.findOneOrFail(Student, a.student.id);
      a.school = student.school ?? null;
    }
    if (a.school) {
      const school = await em.findOneOrFail(School, a.school.id);
      const wrongSource = fundingSourceProblem(a.category, a.fundingSource, school.kind);
      if (wrongSource) throw badInput([wrongSource]);
    }
    if (mode === 'create') a.recordedBy = em.getReference(User, viewer.userId);
  },
})
export class AssistanceItem extends TenantEntity {
  @RefField('学生', () => Student)
  student!: Rel<Student>;

  @RefField('学校', () => School, { nullable: true })
  school?: Rel<School> | null;

  @EnumField('资助类别', AssistanceCategory, { index: true })
  category!: AssistanceCategory;

  @IntField('现金金额（分）', { nullable: true, money: true, sensitive: 'AMOUNT' })
  cashFen?: number;

  @IntField('物资价值（分）', { nullable: true, money: true, sensitive: 'AMOUNT' })
  goodsValueFen?: number;

  @TextField('资助内容', { nullable: true, maxLength: 500 })
  description?: string;

  @EnumField('资金来源', FundingSource, { index: true })
  fundingSource!: FundingSource;

  @TextField('捐助方', { nullable: true, maxLength: 100 })
  donor?: string;

  @DateField('发放日期', { index: true })
  date!: string;

  @RefField('慰问家访', () => VisitRecord, { nullable: true })
  visit?: Rel<VisitRecord>;

  @TextField('学年', { nullable: true, index: true, validate: schoolYearProblem })
  schoolYear?: string;

  @EnumField('学期', Semester, { nullable: true, index: true })
  semester?: Semester;

  @RefField('登记人', () => User, { nullable: true, writable: false })
  recordedBy?: Rel<User>;
}
