import type { EntityManager } from '@mikro-orm/postgresql';
import { badField, notFound } from '../errors';
import { checkId } from '../crud/where';
import { isCalendarDay, schoolTermOf, schoolYearProblem, Semester, todayInChina } from '../time/school-year';
import { enumLabel } from '../resource/enums';
import type { Grouping, ReportArgName, ReportScope, ReportSpec } from './spec';

/** A report's arguments, checked and completed with their defaults. */
export interface ReportArgs {
  schoolYear: string;
  semester: Semester | null;
  /** The period, inclusive days (YYYY-MM-DD): the semester, school year, campaign or from/to. */
  from: string;
  to: string;
  /** The day ages and deadlines are computed at (default today). */
  asOf: string;
  /** A month (YYYY-MM) for monthly duties (default the month of asOf). */
  month: string;
  campaign: CampaignRow | null;
  townId: string | null;
  schoolId: string | null;
  /** The town's or school's name when the report is narrowed to one (titles and sentences name it). */
  areaName: string | null;
  groupBy: Grouping;
  /** The period as printed on the form (2024-2025学年第一学期). */
  periodLabel: string;
  /** The report's own arguments (spec.options), checked, defaults filled in. */
  options: Record<string, unknown>;
}

export interface CampaignRow {
  id: string;
  name: string;
  school_year: string;
  start_date: string;
  end_date: string;
  target_categories: string[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function day(value: unknown, field: string): string | null {
  if (value == null || value === '') return null;
  const s = String(value);
  if (!isCalendarDay(s)) {
    throw badField(field, `${field} 应为日期，写作 2025-03-14`, 'DATE_FORMAT');
  }
  return s;
}

function id(value: unknown, field: string): string | null {
  return value == null || value === '' ? null : checkId(value, field);
}

/** The first and last day of a school year, or of one of its semesters. */
export function termRange(schoolYear: string, semester: Semester | null): { from: string; to: string } {
  const y = Number(schoolYear.slice(0, 4));
  if (semester === Semester.FIRST) return { from: `${y}-09-01`, to: `${y + 1}-01-31` };
  if (semester === Semester.SECOND) return { from: `${y + 1}-02-01`, to: `${y + 1}-08-31` };
  return { from: `${y}-09-01`, to: `${y + 1}-08-31` };
}

/**
 * Checks and completes a report's raw arguments (from GraphQL or a download's query string).
 * The period is from/to if given, else the semester or school year, else the campaign's dates;
 * the school year defaults to the campaign's, else the one of asOf.
 */
export async function resolveArgs(em: EntityManager, spec: ReportSpec, raw: Partial<Record<ReportArgName, unknown>>, scope: ReportScope): Promise<ReportArgs> {
  const optionNames = (spec.options ?? []).map((o) => o.name);
  for (const k of Object.keys(raw) as ReportArgName[]) {
    if (raw[k] != null && raw[k] !== '' && !spec.args.includes(k) && !optionNames.includes(k)) throw badField(k, `${spec.title}没有参数 ${k}`, 'UNKNOWN_ARGUMENT');
  }
  const given = raw as Record<string, unknown>;
  const options = Object.fromEntries((spec.options ?? []).map((o) => [o.name, o.parse(given[o.name] === '' ? null : (given[o.name] ?? null))]));
  for (const k of spec.required ?? []) {
    if (raw[k] == null || raw[k] === '') throw badField(k, `${spec.title}需要参数 ${k}`, 'REQUIRED');
  }
  const conn = em.getConnection();
  const asOf = day(raw.asOf, 'asOf') ?? todayInChina();
  const month = raw.month == null || raw.month === '' ? asOf.slice(0, 7) : String(raw.month);
  if (!MONTH.test(month)) throw badField('month', 'month 应写作 2025-03', 'MONTH_FORMAT');

  let campaign: CampaignRow | null = null;
  const campaignId = id(raw.campaignId, 'campaignId');
  if (campaignId) {
    [campaign] = (await conn.execute(
      `select id, name, school_year, to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date, target_categories
       from campaign where id = ? and bureau_id = ?`,
      [campaignId, scope.bureauId],
    )) as CampaignRow[];
    if (!campaign) throw notFound('Campaign', campaignId);
  }

  const schoolYear = raw.schoolYear == null || raw.schoolYear === '' ? (campaign?.school_year ?? schoolTermOf(asOf).schoolYear) : String(raw.schoolYear);
  const yearProblem = schoolYearProblem(schoolYear);
  if (yearProblem) throw badField('schoolYear', yearProblem.message, yearProblem.rule);
  let semester: Semester | null = null;
  if (raw.semester != null && raw.semester !== '') {
    if (!Object.values(Semester).includes(raw.semester as Semester)) throw badField('semester', 'semester 应为 FIRST 或 SECOND', 'ENUM');
    semester = raw.semester as Semester;
  }

  const fromArg = day(raw.from, 'from');
  const toArg = day(raw.to, 'to');
  const useCampaign = campaign && raw.schoolYear == null && !semester;
  const term = useCampaign ? { from: campaign!.start_date, to: campaign!.end_date } : termRange(schoolYear, semester);
  const from = fromArg ?? term.from;
  const to = toArg ?? term.to;
  if (from > to) throw badField('to', '结束日期不能早于开始日期', 'PERIOD_ORDER');

  let areaName: string | null = null;
  const townId = id(raw.townId, 'townId');
  if (townId) {
    const [town] = await conn.execute(`select name from region where id = ? and bureau_id = ? and level = 'TOWN'`, [townId, scope.bureauId]);
    if (!town) throw notFound('Region', townId);
    areaName = town.name;
  }
  const schoolId = id(raw.schoolId, 'schoolId');
  if (schoolId) {
    const [school] = await conn.execute('select name from school where id = ? and bureau_id = ?', [schoolId, scope.bureauId]);
    // A school admin may narrow to one of their schools, not look at another.
    if (!school || (scope.schoolIds && !scope.schoolIds.includes(schoolId))) throw notFound('School', schoolId);
    areaName = school.name;
  }

  const groupBy = (raw.groupBy == null || raw.groupBy === '' ? spec.defaultGrouping : String(raw.groupBy)) as Grouping;
  if (!spec.groupings.includes(groupBy)) {
    throw badField('groupBy', `${spec.title}可按 ${spec.groupings.join('、')} 分组`, 'GROUPING');
  }

  const periodLabel = fromArg || toArg
    ? `${from} 至 ${to}`
    : useCampaign
      ? `${campaign!.name}（${from} 至 ${to}）`
      : `${schoolYear}学年${semester ? enumLabel(Semester, semester).replace(/（.*）/, '') : ''}`;
  return { schoolYear, semester, from, to, asOf, month, campaign, townId, schoolId, areaName, groupBy, periodLabel, options };
}

/** The start of a day in Beijing time, for comparing timestamps with a report's days. */
export const startOfDay = (d: string) => `${d}T00:00:00+08:00`;

/** The day after, for half-open ranges over timestamps. */
export function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The start (Beijing time) of the day `days` before the day after `d`: "older than N days at the end of d". */
export function sqlDaysBefore(d: string, days: number): string {
  return startOfDay(new Date(Date.parse(`${nextDay(d)}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10));
}
