import type ExcelJS from 'exceljs';

// The printed forms are written once, as ExcelJS sheets (sheet.ts); this turns such a sheet into
// an HTML table so the browser can print the same form without Excel or WPS.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe as HTML content or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);

/** Excel's edge styles in CSS; a sheet's hair and dotted lines need not look finer on paper. */
const EDGE: Partial<Record<ExcelJS.BorderStyle, string>> = {
  thin: '1px solid', hair: '1px solid', dotted: '1px dotted', dashed: '1px dashed', medium: '2px solid', thick: '3px solid', double: '3px double',
};

/** Excel's default column width, for columns the sheet leaves unset. */
const DEFAULT_WIDTH = 8.43;

interface Box {
  cell: ExcelJS.Cell;
  bottom: number;
  right: number;
}

/** Every box of the sheet by its top-left address: a merged range, or a cell of its own. */
function boxesOf(sheet: ExcelJS.Worksheet, rows: number, columns: number): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (let r = 1; r <= rows; r++) {
    for (let c = 1; c <= columns; c++) {
      const master = sheet.getCell(r, c).master;
      const box = boxes.get(master.address);
      if (!box) boxes.set(master.address, { cell: master, bottom: r, right: c });
      else Object.assign(box, { bottom: Math.max(box.bottom, r), right: Math.max(box.right, c) });
    }
  }
  return boxes;
}

/** CSS for one box: font, alignment and wrapping from its top-left cell; each edge from the cell on that edge. */
function boxStyle(sheet: ExcelJS.Worksheet, box: Box): string {
  const { cell, bottom, right } = box;
  const top = Number(cell.row);
  const left = Number(cell.col);
  const css: string[] = [];
  if (cell.font?.bold) css.push('font-weight:bold');
  if (cell.font?.size) css.push(`font-size:${cell.font.size}pt`);
  const { horizontal, vertical, wrapText } = cell.alignment ?? {};
  if (horizontal === 'center' || horizontal === 'right' || horizontal === 'left') css.push(`text-align:${horizontal}`);
  if (vertical === 'top' || vertical === 'bottom' || vertical === 'middle') css.push(`vertical-align:${vertical}`);
  // Runs of spaces are kept (姓    名); without wrapping a box keeps to one line as in Excel.
  css.push(`white-space:${wrapText ? 'pre-wrap' : 'pre'}`);
  const edges = {
    top: cell.border?.top,
    left: cell.border?.left,
    bottom: sheet.getCell(bottom, left).border?.bottom,
    right: sheet.getCell(top, right).border?.right,
  };
  for (const [side, edge] of Object.entries(edges)) {
    const line = edge?.style && EDGE[edge.style];
    if (line) css.push(`border-${side}:${line} #000`);
  }
  return css.join(';');
}

/** The box's text, escaped, its line breaks kept. */
const boxText = (cell: ExcelJS.Cell): string => escapeHtml(cell.text ?? '').replace(/\r?\n/g, '<br>');

/**
 * The sheet as an HTML table: merged ranges as rowspan and colspan, column widths as shares of the
 * page width, row heights (the room left to write and sign), fonts, alignment and edges per box.
 */
export function sheetTable(sheet: ExcelJS.Worksheet): string {
  const rows = sheet.rowCount;
  const columns = Math.max(sheet.columnCount, sheet.columns?.length ?? 0);
  const widths = Array.from({ length: columns }, (_, i) => sheet.getColumn(i + 1).width ?? DEFAULT_WIDTH);
  const total = widths.reduce((a, b) => a + b, 0);
  const cols = widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('');
  const boxes = boxesOf(sheet, rows, columns);
  const body: string[] = [];
  for (let r = 1; r <= rows; r++) {
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) {
      const box = boxes.get(sheet.getCell(r, c).address);
      if (!box) continue; // inside a merged range: its top-left cell spans it
      const span = [box.bottom > r && `rowspan="${box.bottom - r + 1}"`, box.right > c && `colspan="${box.right - c + 1}"`].filter(Boolean);
      cells.push(`<td ${[...span, `style="${boxStyle(sheet, box)}"`].join(' ')}>${boxText(box.cell)}</td>`);
    }
    const height = sheet.getRow(r).height;
    body.push(`<tr${height ? ` style="height:${height}pt"` : ''}>${cells.join('')}</tr>`);
  }
  return `<table><colgroup>${cols}</colgroup><tbody>\n${body.join('\n')}\n</tbody></table>`;
}
