import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context';
import { reportScope } from './access';
import { resolveArgs, type ReportArgs } from './args';
import { runReport, type ReportRow } from './run';
import type { ReportArgName, ReportSpec } from './spec';
import { withholdNothing, withholdSmallCells } from './small-cells';
import { accessPolicy, kindAccess, withholdsSmallCells } from '../access/policy';
import { shownAs } from '../access/mask';

/** A computed report: the form's header lines, its rows and the totals row. */
export interface ReportOutput {
  title: string;
  form: string;
  /** 报送单位: the bureau, or the school admin's school. */
  unitName: string;
  /** 统计范围: the town or school the report is narrowed to, else the reporting unit. */
  areaName: string;
  period: string;
  from: string;
  to: string;
  asOf: string;
  grouping: string;
  generatedAt: Date;
  rows: ReportRow[];
  total: ReportRow;
  args: ReportArgs;
}

/** Checks access and arguments and computes a report: the one path of the query and the download. */
export async function computeReport(em: EntityManager, spec: ReportSpec, viewer: Viewer | null, raw: Partial<Record<ReportArgName, unknown>>): Promise<ReportOutput> {
  const scope = reportScope(viewer, spec);
  const args = await resolveArgs(em, spec, raw, scope);
  const [{ rows, total }, unitName] = await Promise.all([runReport(em, spec, args, scope), reportingUnit(em, scope.viewer)]);
  asReadBy(spec, scope.viewer, rows, total, args);
  return {
    title: spec.title,
    form: spec.form,
    unitName,
    areaName: args.areaName ?? unitName,
    period: args.periodLabel,
    from: args.from,
    to: args.to,
    asOf: args.asOf,
    grouping: args.groupBy,
    generatedAt: new Date(),
    rows,
    total,
    args,
  };
}

/**
 * The table as the viewer may read it, in place: personal text (校长) under the field rules, and
 * for readers of aggregates only the small cells withheld (rows list them in `small`, `suppressed`).
 */
function asReadBy(spec: ReportSpec, viewer: Viewer, rows: ReportRow[], total: ReportRow, args: ReportArgs): void {
  for (const c of spec.columns.filter((x) => x.sensitive)) {
    const access = kindAccess(viewer, c.sensitive!);
    for (const r of [...rows, total]) r[c.key] = shownAs(access, c.sensitive, r[c.key]) ?? null;
  }
  if (withholdsSmallCells(viewer)) withholdSmallCells(spec, rows, total, accessPolicy().smallCellLimit, args.from);
  else withholdNothing(rows, total);
}

async function reportingUnit(em: EntityManager, viewer: Viewer): Promise<string> {
  const [row] = await em.getConnection().execute(
    'select coalesce((select name from school where id = ?), (select name from bureau where id = ?)) as name',
    [viewer.schoolId, viewer.bureauId],
  );
  return row?.name ?? '';
}
