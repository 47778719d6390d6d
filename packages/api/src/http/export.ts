import type express from 'express';
import ExcelJS from 'exceljs';
import { resourceNamed } from '../core/resource/registry';
import { can } from '../core/access/policy';
import { AUDITED_READS } from '../core/audit/view-log';
import { exportColumns, exportRows } from '../core/export/export-rows';
import { spreadsheetSafe } from '../core/export/spreadsheet-safe';
import { todayInChina } from '../core/time/school-year';
import { writeViewEvents } from '../core/audit/view-events';
import { absent, badField, forbidden } from '../core/errors';
import { attachment, viewerRoute, XLSX, type RouteServer } from './route';
import type { GraphQLInputObjectType } from 'graphql';
import { apiSchema } from '../schema/build';
import { gqlNames } from '../core/names';
import { coerceAndCheck } from '../core/validation/input-guard';

// Quoted when it holds a quote, a line break or a separator (a comma, or the semicolon of
// locales that use it), so no part of a value starts a cell of its own.
const csvCell = (v: string | number | null) => {
  if (v == null) return '';
  const s = String(v);
  return /[",;\t\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** A row's values as cells: text that reads like a formula is neutralised. */
const cells = (values: Array<string | number | null>) => values.map(spreadsheetSafe);

/**
 * GET /export/<Resource>.csv|xlsx?filter=<JSON>&sortField=&sortOrder=&technical=1 — every row of the list
 * the admin shows (not one page), streamed, with the caller's row scope and field rules.
 */
export function exportRoute(server: RouteServer): express.RequestHandler {
  return viewerRoute(server, 'export', '导出失败', async (req, res, { em, viewer }) => {
    const resource = resourceNamed(String(req.params.resource));
    const format = String(req.params.format);
    if (!resource || !['csv', 'xlsx'].includes(format)) throw absent('没有这种导出');
    if (!can(viewer, resource, 'read')) throw forbidden(`当前角色不能查看${resource.label}`);
    // A whole table streamed takes a connection and seconds: a few at once per caller.
    const release = server.exportSlot?.(req, res);
    if (release === null) return;
    res.on('close', () => release?.());
    let parsed: unknown = null;
    try {
      parsed = req.query.filter ? JSON.parse(String(req.query.filter)) : null;
    } catch {
      throw badField('filter', 'filter 应为 JSON', 'JSON_FORMAT');
    }
    // The filter is the list query's: the same type, the same checks (a date of 2024-02-30 is bad input).
    const filterType = (await apiSchema()).getType(gqlNames(resource.name).filterInput) as GraphQLInputObjectType;
    const filter = parsed === null ? null : (coerceAndCheck(filterType, parsed, 'filter') as Record<string, unknown>);
    // 版本 and other technical columns for those who may read them and ask (the admin's 技术信息 switch).
    const columns = exportColumns(resource, viewer, req.query.technical === '1');
    const rows = exportRows(em, resource, viewer, columns, {
      filter,
      sortField: req.query.sortField ? String(req.query.sortField) : null,
      sortOrder: req.query.sortOrder ? String(req.query.sortOrder) : null,
    });
    // Refusals (a filter on a field the role cannot read) surface before the first byte.
    const first = await rows.next();
    const name = `${resource.label}-${todayInChina()}.${format}`;
    attachment(res, name);
    let count = 0;
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      // Streamed row by row: no proxy buffering, and no compression here (server.ts).
      res.setHeader('X-Accel-Buffering', 'no');
      // The byte-order mark makes Excel read the Chinese as UTF-8.
      res.write('\uFEFF' + columns.map((c) => csvCell(c.header)).join(',') + '\r\n');
      for (let r = first; !r.done; r = await rows.next()) {
        count++;
        if (!res.write(cells(r.value).map(csvCell).join(',') + '\r\n')) await new Promise((ok) => res.once('drain', ok));
      }
      res.end();
    } else {
      res.setHeader('Content-Type', XLSX);
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true });
      const sheet = book.addWorksheet(resource.label);
      sheet.columns = columns.map((c) => ({ header: c.header, width: Math.max(10, c.header.length * 2 + 4) }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      for (let r = first; !r.done; r = await rows.next()) {
        count++;
        sheet.addRow(cells(r.value)).commit();
      }
      sheet.commit();
      await book.commit();
    }
    const audited = columns.filter((c) => c.field.sensitivity && AUDITED_READS.has(c.field.sensitivity)).map((c) => c.field.gqlName);
    if (audited.length && count > 0) {
      await writeViewEvents(server.orm, viewer, [{ resource: resource.name, fields: audited, details: { export: format, rows: count, filter } }], server.log);
    }
  });
}
