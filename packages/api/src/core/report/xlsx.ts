import ExcelJS from 'exceljs';
import type { ReportOutput } from './report';
import type { ReportRow } from './run';
import type { ReportColumn, ReportSpec } from './spec';
import { spreadsheetSafe } from '../export/spreadsheet-safe';

/** 2025年3月14日 */
export const chineseDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** A worksheet name Excel accepts: without \ / ? * [ ] : and at most 31 characters. */
export const sheetName = (name: string): string => name.replace(/[\\/?*[\]:]/g, '').slice(0, 31);

const THIN = { style: 'thin' as const };
/** The thin border of every cell of a printed table. */
export const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** The sheet's columns: 序号, the unit, the dimensions, then the form's columns (not the API-only ones). */
export function sheetColumns(spec: ReportSpec): Array<{ key: string; label: string; group?: string; column?: ReportColumn }> {
  return [
    { key: '#', label: '序号' },
    { key: 'unitName', label: spec.unitHead ?? '单位' },
    ...(spec.dimensions ?? []).map((d) => ({ key: d.labels ? `${d.key}Label` : d.key, label: d.label })),
    ...spec.columns.filter((c) => !c.apiOnly).map((c) => ({ key: c.key, label: c.label, group: c.group, column: c })),
  ];
}

/** A cell of a report row as the form prints it: money in yuan, blanks empty, text made safe. */
export function formValue(row: ReportRow, key: string, column?: ReportColumn): ExcelJS.CellValue {
  const v = row[key];
  if (v == null || column?.kind === 'blank') return null;
  if (column?.kind === 'money') return Number(v) / 100;
  // Unit, town and village names are typed by users.
  return spreadsheetSafe(v as ExcelJS.CellValue);
}

/** Adds a report to a workbook laid out like its seed form: title, unit and date, heads, rows, totals, notes. */
export function addReportSheet(book: ExcelJS.Workbook, spec: ReportSpec, out: ReportOutput): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(sheetName(spec.title), {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const cols = sheetColumns(spec);
  const n = cols.length;
  const title = spec.sheetTitle?.(out) ?? `${out.areaName}${out.args.campaign ? `“${out.args.campaign.name}”` : ''}${spec.title}`;

  sheet.mergeCells(1, 1, 1, n);
  const t = sheet.getCell(1, 1);
  t.value = spreadsheetSafe(title);
  t.font = { bold: true, size: 16 };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 30;

  sheet.mergeCells(2, 1, 2, Math.max(1, n - 1));
  sheet.getCell(2, 1).value = spreadsheetSafe(`报送单位：${out.unitName}　　统计期间：${out.period}　　联系人：　　　　电话：`);
  sheet.getCell(2, n).value = chineseDate(out.asOf);
  sheet.getCell(2, n).alignment = { horizontal: 'right' };

  // Heads: a group (家访形式统计) spans its columns on the first row; the others span both rows.
  const grouped = cols.some((c) => c.group);
  const head = 3;
  const headRows = grouped ? 2 : 1;
  cols.forEach((c, i) => {
    const col = i + 1;
    if (grouped && !c.group) sheet.mergeCells(head, col, head + 1, col);
    const cell = sheet.getCell(grouped && c.group ? head + 1 : head, col);
    cell.value = c.label;
  });
  if (grouped) {
    let i = 0;
    while (i < cols.length) {
      const g = cols[i].group;
      if (!g) { i++; continue; }
      let j = i;
      while (j + 1 < cols.length && cols[j + 1].group === g) j++;
      if (j > i) sheet.mergeCells(head, i + 1, head, j + 1);
      sheet.getCell(head, i + 1).value = g;
      i = j + 1;
    }
  }
  for (let r = head; r < head + headRows; r++) {
    const row = sheet.getRow(r);
    row.height = 36;
    for (let c = 1; c <= n; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    }
  }

  let seq = 0;
  const write = (row: ReportRow) => {
    const values = cols.map((c) => {
      if (c.key === '#') return row.rowType === 'DETAIL' ? ++seq : null;
      if (c.key === 'unitName' && row.rowType === 'SUBTOTAL' && !(spec.dimensions ?? []).some((d) => row[d.key] != null)) return spreadsheetSafe(`${row.unitName} 小计`);
      return formValue(row, c.key, c.column);
    });
    if (row.rowType === 'SUBTOTAL') {
      // The first dimension not kept by the subtotal says 小计.
      const firstOpen = (spec.dimensions ?? []).findIndex((d) => row[d.key] == null);
      if (firstOpen >= 0) values[2 + firstOpen] = '小计';
    }
    const added = sheet.addRow(values);
    added.eachCell({ includeEmpty: true }, (cell, c) => {
      if (c > n) return;
      cell.border = BORDER;
      const column = cols[c - 1].column;
      if (column?.kind === 'money') cell.numFmt = '#,##0.00';
      if (column?.kind === 'percent') cell.numFmt = '0.0';
      if (row.rowType !== 'DETAIL') cell.font = { bold: true };
    });
  };
  out.rows.forEach(write);
  write(out.total);

  sheet.columns.forEach((c, i) => {
    const label = cols[i]?.label ?? '';
    c.width = i === 0 ? 6 : i === 1 ? 24 : Math.min(22, Math.max(10, label.length * 1.6));
  });

  const lines = [...(spec.narrative?.(out.total, out) ?? []), ...(spec.notes ?? []), ...(spec.signatures ?? [])];
  if (lines.length) sheet.addRow([]);
  for (const line of lines) {
    const row = sheet.addRow([spreadsheetSafe(line)]);
    sheet.mergeCells(row.number, 1, row.number, n);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.addRow([`制表：家访管理平台　生成时间：${out.generatedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`]);
  sheet.views = [{ state: 'frozen', ySplit: head + headRows - 1 }];
  return sheet;
}
