import type ExcelJS from 'exceljs';
import { spreadsheetSafe } from '../export/spreadsheet-safe';
import { sheetName } from './xlsx';
import type { Viewer } from '../context';
import type { ResourceSpec } from '../resource/spec';
import { fieldAccess } from '../access/policy';
import { shownAs } from '../access/mask';

export interface ListSheetColumn<T> {
  header: string;
  width: number;
  value(row: T): ExcelJS.CellValue | undefined;
  /** A percentage: one decimal. */
  percent?: boolean;
}

/** A download's further sheet listing what lies behind the figures: 序号, then the columns, text made safe. */
export function addListSheet<T>(book: ExcelJS.Workbook, title: string, columns: ListSheetColumn<T>[], rows: T[], note?: string): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(sheetName(title));
  sheet.columns = [{ header: '序号', width: 6 }, ...columns.map((c) => ({ header: c.header, width: c.width }))];
  sheet.getRow(1).font = { bold: true };
  rows.forEach((r, i) => {
    const row = sheet.addRow([i + 1, ...columns.map((c) => {
      const v = c.value(r);
      return typeof v === 'string' ? spreadsheetSafe(v) : (v ?? null);
    })]);
    columns.forEach((c, j) => {
      if (c.percent) row.getCell(j + 2).numFmt = '0.0';
    });
  });
  if (note) sheet.addRow([spreadsheetSafe(note)]);
  return sheet;
}

/** 100 × part / whole with one decimal, null when there is nothing to divide by. */
export const percentOf = (part: number, whole: number): number | null => (whole ? Math.round((1000 * part) / whole) / 10 : null);

/** A resource's field of a row listed in a sheet, as the viewer may read it (full, masked or null). */
export function readAs(res: ResourceSpec, fieldName: string, viewer: Viewer, row: { id: string }, value: unknown): string | null {
  const field = res.fields.find((f) => f.name === fieldName)!;
  return (shownAs(fieldAccess(res, field, viewer, row), field.sensitivity, value) as string | null) ?? null;
}
