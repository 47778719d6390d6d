import { idNumberFacts } from '../core/validation/id-number';
import { FocusCategory } from './roster.enums';

type Found = { field: string; rule: string; message: string };

/** Checks across a student's fields once each field is valid on its own. */
export function studentProblems(s: Record<string, any>): Found[] {
  const found: Found[] = [];
  if (s.idNumber) {
    const facts = idNumberFacts(s.idNumber);
    if (s.birthDate && s.birthDate !== facts.birthDate) {
      found.push({ field: 'birthDate', rule: 'ID_NUMBER_BIRTH_DATE_MISMATCH', message: `出生日期与身份证号不符（身份证号为 ${facts.birthDate}）` });
    }
    if (s.gender && s.gender !== facts.gender) {
      found.push({ field: 'gender', rule: 'ID_NUMBER_GENDER_MISMATCH', message: '性别与身份证号第17位不符' });
    }
    if (typeof s.studentNumber === 'string' && s.studentNumber.startsWith('G') && s.studentNumber.slice(1) !== s.idNumber) {
      found.push({ field: 'studentNumber', rule: 'STUDENT_NUMBER_ID_MISMATCH', message: 'G字头学籍号应为 G 加本人身份证号' });
    }
  }
  if (s.class && s.school && s.class.school && s.class.school.id !== s.school.id) {
    found.push({ field: 'classId', rule: 'CLASS_NOT_IN_SCHOOL', message: '班级不属于所选学校' });
  }
  if (s.class && !s.school) {
    found.push({ field: 'schoolId', rule: 'CLASS_WITHOUT_SCHOOL', message: '选择了班级时必须选择学校' });
  }
  const categories = (s.focusCategories ?? []).map((e: { category: string }) => e.category);
  const dup = categories.find((c: string, i: number) => categories.indexOf(c) !== i);
  if (dup) found.push({ field: 'focusCategories', rule: 'FOCUS_CATEGORY_DUPLICATE', message: `重点关注类别重复：${dup}` });
  const disabled = categories.includes(FocusCategory.DISABLED);
  if (!disabled && (s.disabilityType || s.disabilityGrade || s.homeTeaching)) {
    found.push({ field: 'disabilityType', rule: 'DISABILITY_WITHOUT_CATEGORY', message: '填写残疾信息时，重点关注类别应包含"残疾"' });
  }
  return found;
}
