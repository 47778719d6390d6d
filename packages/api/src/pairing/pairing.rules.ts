import { PairingMode } from './pairing.enums';

type Found = { field: string; rule: string; message: string };

/** The mode must agree with the number of helpers and students (一帮一, 一帮多, 多帮一). */
export function pairingProblems(p: { mode: string; helpers: { count(): number }; students: { count(): number }; startDate?: string; endDate?: string }): Found[] {
  const helpers = p.helpers.count();
  const students = p.students.count();
  const found: Found[] = [];
  if (helpers === 0) found.push({ field: 'helperIds', rule: 'REQUIRED', message: '至少指定一名帮扶教师' });
  if (students === 0) found.push({ field: 'studentIds', rule: 'REQUIRED', message: '至少指定一名受帮扶学生' });
  if (found.length) return found;
  const expected: Record<string, [boolean, boolean, string]> = {
    [PairingMode.ONE_TO_ONE]: [helpers === 1, students === 1, '一帮一：一名教师帮扶一名学生'],
    [PairingMode.ONE_TO_MANY]: [helpers === 1, students > 1, '一帮多：一名教师帮扶多名学生'],
    [PairingMode.MANY_TO_ONE]: [helpers > 1, students === 1, '多帮一：多名教师帮扶一名学生'],
  };
  const [helpersOk, studentsOk, rule] = expected[p.mode];
  if (!helpersOk || !studentsOk) {
    found.push({
      field: helpersOk ? 'studentIds' : 'helperIds',
      rule: 'PAIRING_MODE_COUNTS',
      message: `结对方式与人数不符（${rule}；现为 ${helpers} 名教师、${students} 名学生）`,
    });
  }
  if (p.endDate && p.startDate && p.endDate < p.startDate) found.push({ field: 'endDate', rule: 'PERIOD_ORDER', message: '结束日期不能早于开始日期' });
  return found;
}
