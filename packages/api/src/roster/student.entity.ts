import { Index, Unique, type Rel } from '@mikro-orm/core';
import {
  BoolField, DateField, EnumField, IntField, JsonField, RefField, Resource, TenantEntity, TextField,
} from '../core/resource';
import { idNumberProblem } from '../core/validation/id-number';
import { studentNumberProblem } from '../core/validation/student-number';
import { Region } from '../org/region.entity';
import { School } from '../org/school.entity';
import { SchoolClass } from '../org/school-class.entity';
import { DisabilityType, FocusCategory, Gender, SchoolingStatus } from './roster.enums';
import { FocusCategoryEntry } from './focus-category-entry';
import { Guardian } from './guardian.entity';
import { studentProblems } from './student.rules';

/** 学生/适龄儿童: enrolled students and school-age children who are not (school empty). */
@Resource({
  label: '学生',
  area: 'roster',
  display: 'name',
  search: ['name', 'studentNumber', 'idNumber'],
  // Two 韩晓雪 in a county: told apart by school, class and birth year.
  subtitle: [{ field: 'school' }, { field: 'class' }, { field: 'birthDate', year: true, template: '{}年生' }],
  children: { guardians: { label: '监护人', target: () => Guardian, inverse: 'student', orderBy: { createdAt: 'asc' }, nested: true, expected: 3 } },
  naturalKeys: { ID_NUMBER: { fields: ['idNumber'], label: '身份证号' }, STUDENT_NUMBER: { fields: ['studentNumber'], label: '全国学籍号' } },
  validate: studentProblems,
  // Two clerks entering the same child (a transfer, a re-registration) is the usual duplicate; a
  // twin or a namesake is real, so the clerk may confirm.
  possibleDuplicate: { fields: ['name', 'birthDate', 'school'], label: '该校已有同名同出生日期的学生' },
})
@Unique({ properties: ['bureau', 'idNumber'] })
@Unique({ properties: ['bureau', 'studentNumber'] })
// A school's roster in name order (a school's list, and the bureau's filtered by school): read in
// order from the index up to the page's end, instead of sorting every student of the school.
@Index({ properties: ['school', 'name'] })
// Its girls or boys in name order (the list's gender filter), holding the tenant every read also
// tests: the count every page of a school's list asks for (of its students, or of its girls) is
// read from this index alone, not from each student’s row (a school’s 3,400 girls: 1.8 ms → 0.5).
@Index({ name: 'student_school_id_gender_name_index', expression: 'create index "student_school_id_gender_name_index" on "student" ("school_id", "gender", "name") include ("bureau_id")' })
export class Student extends TenantEntity {
  @TextField('姓名', { search: true, index: true, maxLength: 30, sensitive: 'NAME' })
  name!: string;

  @EnumField('性别', Gender, { index: true, balanced: true, derive: { from: 'idNumber', fact: 'ID_NUMBER_GENDER' } })
  gender!: Gender;

  @DateField('出生日期', { index: true, sensitive: 'BIRTH_DATE', derive: { from: 'idNumber', fact: 'ID_NUMBER_BIRTH_DATE' } })
  birthDate!: string;

  @TextField('身份证号', { nullable: true, search: true, validate: (v) => idNumberProblem(v), sensitive: 'ID_NUMBER' })
  idNumber?: string;

  @TextField('全国学籍号', { nullable: true, search: true, validate: studentNumberProblem, sensitive: 'ID_NUMBER' })
  studentNumber?: string;

  @TextField('民族', { nullable: true, maxLength: 10 })
  ethnicity?: string;

  @RefField('户籍所在村', () => Region, { nullable: true })
  householdVillage?: Rel<Region>;

  @TextField('家庭住址', { nullable: true, maxLength: 200, sensitive: 'ADDRESS' })
  address?: string;

  @RefField('学校', () => School, { nullable: true })
  school?: Rel<School>;

  @RefField('班级', () => SchoolClass, { nullable: true })
  class?: Rel<SchoolClass>;

  @EnumField('就学状态', SchoolingStatus, { index: true, default: () => SchoolingStatus.IN_COUNTY })
  schoolingStatus!: SchoolingStatus;

  @JsonField('重点关注类别', () => [FocusCategoryEntry], () => [FocusCategoryEntry], {
    default: () => [],
    members: { key: 'category', enumObject: FocusCategory },
    sensitive: 'FOCUS',
  })
  focusCategories!: FocusCategoryEntry[];

  @EnumField('残疾类别', DisabilityType, { nullable: true, sensitive: 'FOCUS' })
  disabilityType?: DisabilityType;

  @IntField('残疾等级', { nullable: true, sensitive: 'FOCUS', validate: (v) => (v >= 1 && v <= 4 ? null : { rule: 'DISABILITY_GRADE_RANGE', message: '残疾等级为1–4级' }) })
  disabilityGrade?: number;

  @BoolField('送教上门', { default: () => false, sensitive: 'FOCUS' })
  homeTeaching!: boolean;

  @TextField('备注', { nullable: true, maxLength: 500, sensitive: 'NOTES' })
  note?: string;
}
