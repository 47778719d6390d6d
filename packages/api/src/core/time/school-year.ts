import { defineEnum, type EnumOf } from '../resource/enums';

export const Semester = defineEnum('Semester', '学期', { FIRST: '第一学期（秋季）', SECOND: '第二学期（春季）' });
export type Semester = EnumOf<typeof Semester>;

/**
 * The school year and semester a day falls in: the autumn semester runs from September to
 * January, the spring semester from February to August.
 */
export function schoolTermOf(day: string): { schoolYear: string; semester: Semester } {
  const [y, m] = day.split('-').map(Number);
  if (m >= 9) return { schoolYear: `${y}-${y + 1}`, semester: Semester.FIRST };
  if (m === 1) return { schoolYear: `${y - 1}-${y}`, semester: Semester.FIRST };
  return { schoolYear: `${y - 1}-${y}`, semester: Semester.SECOND };
}

export const schoolYearProblem = (v: string) =>
  /^(\d{4})-(\d{4})$/.test(v) && Number(v.slice(5)) === Number(v.slice(0, 4)) + 1
    ? null
    : { rule: 'SCHOOL_YEAR_FORMAT', message: '学年应写作 2024-2025' };

const CHINA_OFFSET = 8 * 3600_000;

/** `2024-10-08` naming a day of the calendar (not 2024-02-30). */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today (or the day of `now`) as YYYY-MM-DD in China Standard Time, the bureaus' calendar. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET).toISOString().slice(0, 10);
}

/** An instant as 2024-10-12 14:30 in China Standard Time. */
export function chinaDateTime(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET).toISOString().slice(0, 16).replace('T', ' ');
}
