import type ExcelJS from 'exceljs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context';
import type { ViewLog } from '../audit/view-log';
import type { ReportOutput } from './report';
import type { ReportArgs } from './args';
import type { Sql } from './sql';

/** How a report's rows are grouped: the unit column of the seed's form. */
export type Grouping = 'SCHOOL' | 'REPORTING_UNIT' | 'TOWN' | 'VILLAGE' | 'COUNTY';

/**
 * Where a report's base rows sit: at a school (visits, aid, cases), or at the household village
 * and town of a child (the school-age surveys count children where they are registered).
 */
export type ReportPlace = 'school' | 'household';

/** Arguments a report takes; each has one meaning across reports (see args.ts). */
export type ReportArgName = 'schoolYear' | 'semester' | 'from' | 'to' | 'campaignId' | 'asOf' | 'month' | 'townId' | 'schoolId' | 'groupBy';

/**
 * An argument of one report only (a sort order, a sample's size and seed): declared with the
 * report, offered by its query and download, checked by `parse` and handed on in `ReportArgs.options`.
 */
export interface ReportOption {
  name: string;
  /** The GraphQL type of the argument. */
  type: () => unknown;
  description: string;
  /**
   * The value to use: `raw` is typed from GraphQL or text from a download's query string, null when
   * not given (then the default); refuses a bad value with badField naming the option.
   */
  parse(raw: unknown): unknown;
}

/**
 * What the admin offers on each row of a report's list: the mutation, called with `arg` set to the
 * row's `from` field; a row whose `doneField` holds an id links to that record of `doneResource`
 * instead (the case already open). Offered to the roles that may create a `doneResource`.
 */
export interface ReportListAction {
  mutation: string;
  label: string;
  arg: string;
  from: string;
  doneField: string;
  doneResource: string;
  doneLabel: string;
}

export interface ReportColumn {
  /** GraphQL field name of the row. */
  key: string;
  /** The column head as the seed's form prints it. */
  label: string;
  /**
   * count: an integer summed over units; money: integer fen summed (Float in GraphQL, since county
   * totals pass 2^31), shown in yuan in the sheet; percent: 100 × Σ numerator / Σ denominator
   * with one decimal, computed after grouping; text: one value per unit (none on totals);
   * blank: a column of the printed form left for the unit to fill in by hand (备注, 电话).
   */
  kind: 'count' | 'money' | 'percent' | 'text' | 'blank';
  /** For a percent: the count columns it divides. */
  of?: [numerator: string, denominator: string];
  /** A heading spanning this and the neighbouring columns with the same group (家访形式统计). */
  group?: string;
  /** A level at each period's end (月末未结): the totals row takes the last period's figure, not the sum. */
  stock?: boolean;
  /**
   * For a level: the counts it moves by from one period to the next, in each unit and category
   * (月末未结 = last month's + 新发现 − 劝返复学 − 核查结案).
   */
  flow?: { in: string[]; out: string[] };
  /** Only in the API and the admin, not on the printed form (the form has no such column). */
  apiOnly?: boolean;
  description?: string;
  /** A count (or amount) that is the sum of these columns of the same row and kind (家访总数 = each form's). */
  sumOf?: string[];
  /** A text column holding personal data (校长 of a school): shown under the role's field rules. */
  sensitive?: import('../access/types').Sensitivity;
}

/** The column key of a column per enum code: MOVED_UNREACHABLE → movedUnreachable. */
export const codeColumnKey = (code: string): string => code.toLowerCase().replace(/_([a-z])/g, (_m, x: string) => x.toUpperCase());

/** A further breakdown of each unit's rows (month, category). */
export interface ReportDimension {
  key: string;
  label: string;
  /** Chinese labels of the dimension's codes, for the sheet and the admin. */
  labels?: Record<string, string>;
}

/**
 * What the admin's dashboard draws of a report: `units` a bar per unit (detail rows) of the
 * columns; `total` a pie of the totals row's columns; `dimension` a pie of columns[0] summed
 * over the detail rows by the dimension's labels.
 */
export interface ReportChart {
  kind: 'units' | 'total' | 'dimension';
  columns: string[];
  dimension?: string;
  title: string;
}

export interface ReportSpec {
  /** The query name, ending in Report so dashboards find it (consolationReport). */
  name: string;
  /** The seed form's title (慰问金额统计表). */
  title: string;
  /** Which seed and attachment it reproduces. */
  form: string;
  description: string;
  /** aggregate: counts only; compliance: carries per-student lists under the field rules. */
  kind: 'aggregate' | 'compliance';
  args: ReportArgName[];
  required?: ReportArgName[];
  /** Arguments of this report only, after the common ones. */
  options?: ReportOption[];
  /** The paged query listing what lies behind the figures (complianceGaps), shown under the table by the admin. */
  list?: string;
  /** A button on each row of the list (开立疑似辍学案件): see ReportListAction. */
  listAction?: ReportListAction;
  place: ReportPlace;
  /** The groupings offered (declarations may leave it out: all of the place's, PLACE_GROUPINGS). */
  groupings: Grouping[];
  defaultGrouping: Grouping;
  /** The first column's head, when the form names it (单位, 学校名称). */
  unitHead?: string;
  dimensions?: ReportDimension[];
  /** Subtotal rows per unit and these leading dimensions (per month), besides the grand total. */
  subtotalBy?: string[];
  columns: ReportColumn[];
  /**
   * The base rows: one per school (or village) and dimension values, with a column per count,
   * money and text column. Must select `school_id` (place school) or `village_id` (place
   * household; the town comes from the village), restrict to `scope.bureauId` and use the period of `a`.
   */
  base(a: ReportArgs, sql: Sql, scope: ReportScope): string;
  chart?: ReportChart;
  /** Lines printed under the table (备注 of the form). */
  notes?: string[];
  /** Signature lines under the table (校长签字：… 学校盖章：…). */
  signatures?: string[];
  /** The sheet's title line (default: reporting unit, campaign and title). */
  sheetTitle?(out: { areaName: string; title: string; args: ReportArgs }): string;
  /** Sentences of the form filled in from the totals (附件1-1's 统计报告). */
  narrative?(total: Record<string, unknown>, out: { areaName: string; args: ReportArgs }): string[];
  /** The seed prints the form once per unit, heads down the page (附件3-2): the download adds a sheet per unit. */
  unitForms?: boolean;
  /** Further sheets of the download (the compliance lists). */
  extraSheets?(book: ExcelJS.Workbook, em: EntityManager, out: ReportOutput, viewer: Viewer, views: ViewLog): Promise<void>;
}

/** The caller's reach, for the base query: the bureau, and for a school admin its schools. */
export interface ReportScope {
  viewer: Viewer;
  bureauId: string;
  /** A school admin's school with the attached ones; null for bureau-wide roles. */
  schoolIds: string[] | null;
  /** A teacher's own students; null for everyone else. */
  studentIds: string[] | null;
}

/** The period arguments most reports take. */
export const PERIOD_ARGS: ReportArgName[] = ['schoolYear', 'semester', 'from', 'to'];
/** Narrowing to a town or school, and the grouping. */
export const PLACE_ARGS: ReportArgName[] = ['townId', 'schoolId', 'groupBy'];

/** The groupings a place's rows can be summed into. */
export const PLACE_GROUPINGS: Record<ReportPlace, Grouping[]> = {
  school: ['SCHOOL', 'REPORTING_UNIT', 'TOWN', 'COUNTY'],
  household: ['VILLAGE', 'TOWN', 'COUNTY'],
};

/** A report as declared in its file. */
export type ReportDeclaration = Omit<ReportSpec, 'groupings'> & { groupings?: Grouping[] };

/** Declares a report once: the query, its row type, the sheet and the admin's table derive from it. */
export function defineReport(input: ReportDeclaration): ReportSpec {
  const spec: ReportSpec = { ...input, groupings: input.groupings ?? PLACE_GROUPINGS[input.place] };
  for (const c of spec.columns) {
    if (c.kind === 'percent' && !c.of) throw new Error(`${spec.name}.${c.key}: a percent needs "of"`);
    for (const k of c.sumOf ?? []) {
      if (spec.columns.find((x) => x.key === k)?.kind !== c.kind) throw new Error(`${spec.name}.${c.key}: sums a column of another kind, ${k}`);
    }
    if (c.flow && !(c.stock && spec.subtotalBy?.length)) throw new Error(`${spec.name}.${c.key}: a flow needs a level over periods`);
  }
  if (!spec.groupings.includes(spec.defaultGrouping)) throw new Error(`${spec.name}: default grouping not offered`);
  return spec;
}
