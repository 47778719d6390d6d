import { Unique, type Rel } from '@mikro-orm/core';
import { DateField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { StaffMember } from '../org/staff-member.entity';
import { Student } from '../roster/student.entity';
import { CareCheckKind } from './visit.enums';
import { badInput, conflict } from '../core/errors';
import { careRecorderProblem } from './care.rules';

/**
 * 关爱记录 for orphans and de-facto unsupported children: 每日一问 by the class's head teacher or
 * teachers, 每周一见 by the school's principal or leaders (care.rules.ts).
 */
@Resource({
  label: '关爱记录',
  area: 'visit',
  display: 'date',
  search: ['student.name', 'note'],
  defaultSort: { field: 'date', order: 'DESC' },
  naturalKeys: { STUDENT_KIND_DATE: { fields: ['student', 'kind', 'date'], label: '学生、关爱方式与日期' } },
  beforeSave: async (c, { em }) => {
    const staff = await em.findOneOrFail(StaffMember, c.staff.id);
    const student = await em.findOneOrFail(Student, c.student.id, { populate: ['school', 'class', 'class.teachers'] });
    const klass = student.class;
    const problem = careRecorderProblem(
      c.kind,
      { staffId: staff.id, position: staff.position, staffSchoolId: staff.school.id },
      {
        schoolId: student.school?.id ?? null,
        parentSchoolId: student.school?.parentSchool?.id ?? null,
        classId: klass?.id ?? null,
        classTeacherIds: klass ? [klass.headTeacher?.id, ...klass.teachers.getItems().map((t) => t.id)].filter((id): id is string => !!id) : [],
      },
    );
    if (problem) throw badInput([problem]);
    const twin = await em.findOne(CareCheck, { student: c.student.id, kind: c.kind, date: c.date, id: { $ne: c.id } });
    if (twin) {
      throw conflict(`该学生 ${c.date} 已有${c.kind === CareCheckKind.DAILY_ASK ? '每日一问' : '每周一见'}记录`, {
        field: 'date',
        rule: 'ONE_CARE_CHECK_PER_DAY',
        existingId: twin.id,
      });
    }
  },
})
@Unique({ properties: ['student', 'kind', 'date'] })
export class CareCheck extends TenantEntity {
  @RefField('学生', () => Student, { onDelete: 'cascade' })
  student!: Rel<Student>;

  @EnumField('关爱方式', CareCheckKind, { index: true })
  kind!: CareCheckKind;

  @DateField('日期', { index: true })
  date!: string;

  @RefField('关爱教师', () => StaffMember, { suggest: 'viewer.staff' })
  staff!: Rel<StaffMember>;

  @TextField('情况记录', { nullable: true, maxLength: 500, sensitive: 'NOTES' })
  note?: string;
}
