import type ExcelJS from 'exceljs';
import { sheetName } from '../report/xlsx';
import { spreadsheetSafe } from '../export/spreadsheet-safe';

/** The face Chinese government forms are printed in. */
export const FORM_FONT = '宋体';
const THIN = { style: 'thin' as const };

export interface BoxStyle {
  bold?: boolean;
  size?: number;
  align?: 'left' | 'center' | 'right';
  valign?: 'top' | 'middle' | 'bottom';
  /** Edges drawn: all four by default; false for lines outside the grid; open top or bottom to join two boxes. */
  border?: boolean | { top?: boolean; bottom?: boolean };
  /** Lines of room kept even when empty: space to write or sign by hand. */
  minLines?: number;
}

/** Display width in column units: CJK and full-width characters take two. */
function widthOf(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2610-\u2612]/.test(ch) ? 2 : 1.1;
  return w;
}

/** Wrapped lines of `text` in a box `width` units wide. */
function linesOf(text: string | null, width: number): number {
  if (!text) return 1;
  const usable = Math.max(4, width - 1.5);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(widthOf(line) / usable)), 0);
}

/**
 * One A4 portrait sheet laid out as a boxed paper form: boxes are merged ranges with borders and
 * wrapped text, and rows grow to what their boxes hold (Excel does not fit merged cells itself).
 */
export class FormSheet {
  readonly sheet: ExcelJS.Worksheet;
  private readonly heights = new Map<number, number>();
  private lastRow = 0;

  constructor(book: ExcelJS.Workbook, name: string, private readonly widths: number[]) {
    this.sheet = book.addWorksheet(sheetName(name), {
      pageSetup: {
        paperSize: 9,
        orientation: 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        margins: { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
      },
      views: [{ showGridLines: false }],
    });
    this.sheet.columns = widths.map((width) => ({ width }));
  }

  /** A box spanning rows top..bottom and columns left..right, holding `value`. */
  box(top: number, left: number, bottom: number, right: number, value: string | null, style: BoxStyle = {}): ExcelJS.Cell {
    if (top !== bottom || left !== right) this.sheet.mergeCells(top, left, bottom, right);
    const cell = this.sheet.getCell(top, left);
    // Boxes hold what users typed (names, phones, situations): neutralised like any exported cell.
    cell.value = value ? spreadsheetSafe(value) : null;
    const size = style.size ?? 11;
    const edges = style.border === false ? null : { top: true, bottom: true, ...(typeof style.border === 'object' ? style.border : {}) };
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        // A fresh style per cell: exceljs shares one style object across a merged range.
        this.sheet.getCell(r, c).style = {
          font: { name: FORM_FONT, size, bold: style.bold ?? false },
          alignment: { horizontal: style.align ?? 'left', vertical: style.valign ?? 'middle', wrapText: true },
          ...(edges && {
            border: {
              left: c === left ? THIN : undefined,
              right: c === right ? THIN : undefined,
              top: r === top && edges.top ? THIN : undefined,
              bottom: r === bottom && edges.bottom ? THIN : undefined,
            },
          }),
        };
      }
    }
    const width = this.widths.slice(left - 1, right).reduce((a, b) => a + b, 0);
    const lines = Math.max(style.minLines ?? 1, linesOf(value, width));
    const perRow = (lines * size * 1.5 + 8) / (bottom - top + 1);
    for (let r = top; r <= bottom; r++) this.heights.set(r, Math.max(this.heights.get(r) ?? 0, perRow));
    this.lastRow = Math.max(this.lastRow, bottom);
    return cell;
  }

  /** A line outside the grid (attachment number, title, unit and date, notes). */
  line(row: number, value: string, style: Omit<BoxStyle, 'border'> & { from?: number; to?: number } = {}): ExcelJS.Cell {
    return this.box(row, style.from ?? 1, row, style.to ?? this.widths.length, value, { ...style, border: false });
  }

  /** Sets the row heights the boxes need and the print area. */
  finish(): void {
    for (const [r, points] of this.heights) this.sheet.getRow(r).height = Math.min(409, Math.max(20, Math.round(points)));
    const lastColumn = String.fromCharCode(64 + this.widths.length);
    this.sheet.pageSetup.printArea = `A1:${lastColumn}${this.lastRow}`;
  }
}
