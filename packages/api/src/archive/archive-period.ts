import { badField } from '../core/errors';
import { enumLabel } from '../core/resource/enums';
import { termRange } from '../core/report/args';
import { schoolTermOf, schoolYearProblem, Semester, todayInChina } from '../core/time/school-year';

const PARAMS = ['schoolYear', 'semester'];

/** The period an archive covers, from the download's query string. */
export interface ArchivePeriod {
  schoolYear: string;
  /** Null for the whole school year. */
  semester: Semester | null;
  /** The period's first and last days. */
  from: string;
  to: string;
  /** The day reports are computed at: the period's last day, or today while it runs. */
  asOf: string;
  /** 2024-2025学年第一学期 */
  periodLabel: string;
}

/**
 * `schoolYear` (default the current one) and `semester` (FIRST or SECOND; empty for the whole
 * year), refused with BAD_USER_INPUT naming the parameter: an unknown or repeated one, a malformed
 * school year, a semester not begun.
 */
export function archivePeriod(query: Record<string, unknown>, today = todayInChina()): ArchivePeriod {
  for (const [k, v] of Object.entries(query)) {
    if (!PARAMS.includes(k)) throw badField(k, `档案下载只接受参数 schoolYear 和 semester，没有 ${k.slice(0, 40)}`, 'UNKNOWN_ARGUMENT');
    if (typeof v !== 'string') throw badField(k, `${k} 只能给一次`, 'REPEATED_ARGUMENT');
  }
  const schoolYear = (query.schoolYear as string | undefined) || schoolTermOf(today).schoolYear;
  const problem = schoolYearProblem(schoolYear);
  if (problem) throw badField('schoolYear', `schoolYear ${problem.message}`, problem.rule);
  const raw = (query.semester as string | undefined) || null;
  if (raw !== null && !Object.hasOwn(Semester, raw)) throw badField('semester', 'semester 应为 FIRST（第一学期）或 SECOND（第二学期），整个学年则不填', 'ENUM');
  const semester = raw as Semester | null;
  const { from, to } = termRange(schoolYear, semester);
  if (from > today) throw badField(semester ? 'semester' : 'schoolYear', `${schoolYear}学年${semester ? enumLabel(Semester, semester) : ''}尚未开始`, 'PERIOD_NOT_BEGUN');
  const term = semester ? enumLabel(Semester, semester).replace(/（.*）/, '') : '';
  return { schoolYear, semester, from, to, asOf: to < today ? to : today, periodLabel: `${schoolYear}学年${term}` };
}
