import { Unique, type Rel } from '@mikro-orm/core';
import { DateField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { StaffMember } from '../org/staff-member.entity';
import { Student } from '../roster/student.entity';
import { CareCheckKind } from './visit.enums';
import { badInput, conflict } from '../core/errors';
import { careRecorderProblem } from './care.rules';
import { readRows } from '../core/crud/read-ahead';
import { UUID } from '../core/crud/where';

interface CaredRow {
  school_id: string | null;
  parent_school_id: string | null;
  class_id: string | null;
  teachers: string[];
  twin: string | null;
}

/** A child's school, its 中心校, class and class teachers (head teacher first), and a record of the same kind and day. */
const CARED_CHILD = `select s.school_id, sc.parent_school_id, s.class_id,
    case when k.id is null then '{}'::uuid[] else array_remove(array[k.head_teacher_id] || array(select t.staff_member_id from school_class_teachers t where t.school_class_id = k.id), null) end as teachers,
    (select x.id from care_check x where x.student_id = s.id and x.kind = ? and x.date = ?::date and x.id <> ?::uuid limit 1) as twin
  from student s left join school sc on sc.id = s.school_id left join school_class k on k.id = s.class_id
  where s.id = ?::uuid`;

const caredValues = (kind: string, date: string, id: string, studentId: string) => [kind, date, id, studentId.toLowerCase()];

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
  // Read with the child's and staff member's lookup, in the same round trip, when the input names them plainly.
  readAhead: (c, input) => (typeof input.studentId === 'string' && UUID.test(input.studentId) && typeof input.kind === 'string' && typeof input.date === 'string' ? [{ text: CARED_CHILD, values: caredValues(input.kind, input.date, c.id, input.studentId) }] : []),
  beforeSave: async (c, { em }) => {
    const staff = await em.findOneOrFail(StaffMember, c.staff.id);
    // The child's class, teachers and any record of the same day in one read, no entities.
    const [child] = await readRows<CaredRow>(em, c, CARED_CHILD, caredValues(c.kind, c.date, c.id, c.student.id));
    const problem = careRecorderProblem(
      c.kind,
      { staffId: staff.id, position: staff.position, staffSchoolId: staff.school.id },
      { schoolId: child?.school_id ?? null, parentSchoolId: child?.parent_school_id ?? null, classId: child?.class_id ?? null, classTeacherIds: child?.teachers ?? [] },
    );
    if (problem) throw badInput([problem]);
    if (child?.twin) {
      throw conflict(`该学生 ${c.date} 已有${c.kind === CareCheckKind.DAILY_ASK ? '每日一问' : '每周一见'}记录`, {
        field: 'date',
        rule: 'ONE_CARE_CHECK_PER_DAY',
        existingId: child.twin,
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
