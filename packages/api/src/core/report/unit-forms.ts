import type ExcelJS from 'exceljs';
import type { ReportOutput } from './report';
import type { ReportSpec } from './spec';
import { BORDER, chineseDate, formValue, sheetName } from './xlsx';
import { spreadsheetSafe } from '../export/spreadsheet-safe';

/** A sheet name not taken yet in the book (two schools may share the first 31 characters). */
function freeName(book: ExcelJS.Workbook, name: string): string {
  const base = sheetName(name) || '单位';
  let candidate = base;
  for (let i = 2; book.getWorksheet(candidate); i++) candidate = sheetName(`${base.slice(0, 27)}（${i}）`);
  return candidate;
}

/**
 * The seed's form as it is printed for one unit (002 附件3-2): a sheet per unit of the report, the
 * heads down the page with their values beside them, a group's heads under its name (家访形式统计).
 */
export function addUnitFormSheets(book: ExcelJS.Workbook, spec: ReportSpec, out: ReportOutput): void {
  const columns = spec.columns.filter((c) => !c.apiOnly);
  for (const row of out.rows.filter((r) => r.rowType === 'DETAIL')) {
    const sheet = book.addWorksheet(freeName(book, row.unitName), { pageSetup: { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 1 } });
    sheet.columns = [{ width: 14 }, { width: 44 }, { width: 18 }];
    sheet.mergeCells(1, 1, 1, 3);
    const title = sheet.getCell(1, 1);
    title.value = spec.title;
    title.font = { bold: true, size: 16 };
    title.alignment = { horizontal: 'center' };
    sheet.mergeCells(2, 1, 2, 2);
    sheet.getCell(2, 1).value = spreadsheetSafe(`单位名称（章）：${row.unitName}　　统计期间：${out.period}`);
    sheet.getCell(2, 3).value = chineseDate(out.asOf);
    sheet.getCell(2, 3).alignment = { horizontal: 'right' };

    let at = 3;
    for (let i = 0; i < columns.length; ) {
      const c = columns[i];
      const span = c.group ? columns.slice(i).findIndex((x) => x.group !== c.group) : 1;
      const size = span < 0 ? columns.length - i : span;
      if (c.group) {
        sheet.mergeCells(at, 1, at + size - 1, 1);
        sheet.getCell(at, 1).value = c.group;
        columns.slice(i, i + size).forEach((x, k) => {
          sheet.getCell(at + k, 2).value = x.label;
          sheet.getCell(at + k, 3).value = formValue(row, x.key, x);
        });
      } else {
        sheet.mergeCells(at, 1, at, 2);
        sheet.getCell(at, 1).value = c.label;
        sheet.getCell(at, 3).value = formValue(row, c.key, c);
        if (c.kind === 'blank') sheet.getRow(at).height = 60;
      }
      for (let r = at; r < at + size; r++) {
        for (let k = 1; k <= 3; k++) {
          const cell = sheet.getCell(r, k);
          cell.border = BORDER;
          cell.alignment = { vertical: 'middle', horizontal: k === 3 ? 'right' : 'center', wrapText: true };
        }
        const column = columns[i + r - at];
        if (column.kind === 'percent') sheet.getCell(r, 3).numFmt = '0.0';
        if (column.kind === 'money') sheet.getCell(r, 3).numFmt = '#,##0.00';
      }
      at += size;
      i += size;
    }
    for (const line of spec.signatures ?? []) sheet.getCell(++at + 1, 1).value = line;
  }
}
