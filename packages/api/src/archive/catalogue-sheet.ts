import type ExcelJS from 'exceljs';
import { spreadsheetSafe } from '../core/export/spreadsheet-safe';
import { FORM_FONT } from '../core/forms/sheet';
import type { ArchiveItem } from './archive.enums';
import { type CatalogueBox, itemNumber, itemText } from './catalogue';
import { newBook } from './archive-context';

/** What one item of the catalogue holds in the zip. */
export interface CatalogueLine {
  box: CatalogueBox;
  item: ArchiveItem;
  /** Files of uploaded documents, as named in the item's folder. */
  uploaded: string[];
  /** Ledgers the system generated into the item's folder. */
  generated: string[];
  /** Documents filed under the item without a file yet (their titles). */
  withoutFiles: string[];
  /** Generated ledgers with no line in the period (a roster of nobody), named in 备注. */
  empty: string[];
}

export const PRESENT = '有';
export const MISSING = '缺';

export const HEADS = ['盒脊', '序号', '盒内资料', '状态', '上传文件数', '系统生成数', '文件', '备注'];

/**
 * 目录.xlsx (and each box's 盒内目录, 附件2-2 注2 "每个档案盒内必须有盒内详细目录"): per item of
 * the catalogue whether the archive holds it (有) or not (缺), and the files that make it up.
 */
export function catalogueBook(title: string, lines: CatalogueLine[]): ExcelJS.Workbook {
  const book = newBook();
  const sheet = book.addWorksheet('目录', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [14, 6, 48, 6, 10, 10, 60, 30].map((width) => ({ width }));
  sheet.mergeCells(1, 1, 1, HEADS.length);
  sheet.getCell(1, 1).value = spreadsheetSafe(title);
  sheet.getCell(1, 1).font = { name: FORM_FONT, bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.getRow(2).values = HEADS;
  sheet.getRow(2).font = { name: FORM_FONT, bold: true };
  for (const l of lines) {
    const files = [...l.uploaded, ...l.generated];
    const note = [
      l.withoutFiles.length ? `已登记未上传文件：${l.withoutFiles.join('、')}` : '',
      l.empty.length ? `本期无记录：${l.empty.join('、')}` : '',
    ].filter(Boolean).join('；');
    const row = sheet.addRow([
      l.box.spine, itemNumber(l.item), itemText(l.item), files.length ? PRESENT : MISSING, l.uploaded.length, l.generated.length, files.join('\n'), note,
    ].map((v) => (typeof v === 'string' ? spreadsheetSafe(v) : v)));
    row.alignment = { vertical: 'top', wrapText: true };
    if (!files.length) row.getCell(4).font = { bold: true, color: { argb: 'FFC00000' } };
  }
  return book;
}
