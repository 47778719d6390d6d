import { idNumberProblem } from './id-number';

// 全国学籍号: "G" + the 18-character 身份证号 for children who have one; "J" (no 身份证号 yet)
// and "L" (temporary) numbers are followed by 17–18 digits or capitals.
export function studentNumberProblem(value: string): { rule: string; message: string } | null {
  if (/^G/.test(value)) {
    if (value.length !== 19) return { rule: 'STUDENT_NUMBER_FORMAT', message: '以G开头的学籍号应为G加18位身份证号' };
    const idProblem = idNumberProblem(value.slice(1));
    return idProblem ? { rule: 'STUDENT_NUMBER_FORMAT', message: `学籍号中的身份证号无效：${idProblem.message}` } : null;
  }
  if (/^[JL][0-9A-Z]{17,18}$/.test(value)) return null;
  return { rule: 'STUDENT_NUMBER_FORMAT', message: '学籍号应为 G+身份证号、J 或 L 开头的编码' };
}
