import type express from 'express';
import ExcelJS from 'exceljs';
import { reports } from '../registry';
import { computeReport } from '../core/report/report';
import { addReportSheet } from '../core/report/xlsx';
import { addUnitFormSheets } from '../core/report/unit-forms';
import { sheetRows, SMALL_CELL_NOTE } from '../core/report/small-cells';
import type { ReportArgName } from '../core/report/spec';
import { absent } from '../core/errors';
import { ViewLog } from '../core/audit/view-log';
import { writeViewEvents } from '../core/audit/view-events';
import { sendXlsx, viewerRoute, type RouteServer } from './route';

/**
 * GET /reports/<report>.xlsx?schoolYear=&semester=&… — the report laid out like its seed form,
 * with the same arguments as the query and the caller's role and scope.
 */
export function reportRoute(server: RouteServer): express.RequestHandler {
  return viewerRoute(server, 'report download', '报表生成失败', async (req, res, { em, viewer }) => {
    const spec = reports.find((r) => r.name === req.params.name);
    if (!spec) throw absent('没有这种报表');
    const raw: Partial<Record<ReportArgName, unknown>> = {};
    for (const [k, v] of Object.entries(req.query)) raw[k as ReportArgName] = Array.isArray(v) ? v[0] : v;
    const out = await computeReport(em, spec, viewer, raw);
    const book = new ExcelJS.Workbook();
    book.creator = '家访管理平台';
    // Withheld cells print as <5 and x, with a line saying what those mean.
    const withheld = [...out.rows, out.total].some((r) => (r.suppressed as string[]).length > 0);
    if (withheld) {
      const [total, ...rows] = sheetRows(spec, [out.total, ...out.rows]);
      addReportSheet(book, { ...spec, notes: [...(spec.notes ?? []), SMALL_CELL_NOTE] }, { ...out, rows, total });
      if (spec.unitForms) addUnitFormSheets(book, spec, { ...out, rows, total });
    } else {
      addReportSheet(book, spec, out);
      if (spec.unitForms) addUnitFormSheets(book, spec, out);
    }
    const views = new ViewLog();
    await spec.extraSheets?.(book, em, out, viewer, views);
    const buffer = await book.xlsx.writeBuffer();
    // Lists of children whose categories show are audited before the file leaves (as printed forms are).
    const entries = views.entries();
    if (entries.length) await writeViewEvents(server.orm, viewer, entries.map((e) => ({ ...e, details: { report: spec.name } })), server.log);
    sendXlsx(res, `${spec.title}-${out.asOf}.xlsx`, buffer as ArrayBuffer);
  });
}
