import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import { UUID } from '../core/crud/where';
import { cellText, type Cell } from './values';
import { spreadsheetSafe } from '../core/export/spreadsheet-safe';

/** How long an error report can be downloaded; older ones are deleted when a new one is written. */
export const REPORT_DAYS = 7;
export const ROW_HEAD = '原行号';
export const ERROR_HEAD = '错误说明';

/**
 * The error report of one import, written as the rows fail (streamed, so a file of 100,000 bad
 * rows is never held as rows): the failed rows as they were in the file, under the file's own
 * heads, then the row number in the file and 错误说明. Fixed and uploaded again, it imports
 * (the two added columns are ignored).
 */
export class ErrorReport {
  readonly id = randomUUID();
  rows = 0;
  private readonly chunks: Buffer[] = [];
  private readonly out = new PassThrough();
  private book?: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet?: ExcelJS.Worksheet;
  private readonly done: Promise<void>;

  constructor(
    private readonly headers: string[],
    private readonly title: string,
  ) {
    this.out.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.out.on('end', resolve);
      this.out.on('error', reject);
    });
  }

  private start() {
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.out, useStyles: true, useSharedStrings: false });
    this.book.creator = '家访管理平台';
    const sheet = this.book.addWorksheet(this.title);
    const heads = [...this.headers, ROW_HEAD, ERROR_HEAD];
    sheet.columns = heads.map((h, i) => ({ header: h, width: i === heads.length - 1 ? 60 : Math.max(10, h.length * 2 + 4) }));
    const head = sheet.getRow(1);
    head.font = { bold: true };
    head.getCell(heads.length).font = { bold: true, color: { argb: 'FFC00000' } };
    head.commit();
    this.sheet = sheet;
  }

  add(number: number, cells: Cell[], errors: string[]) {
    if (!this.sheet) this.start();
    const values: Array<string | number | boolean | null> = this.headers.map((_, i) => {
      const v = cells[i] ?? null;
      return v instanceof Date ? cellText(v) : spreadsheetSafe(v);
    });
    const row = this.sheet!.addRow([...values, number, errors.join('；')]);
    row.getCell(values.length + 2).font = { color: { argb: 'FFC00000' } };
    row.commit();
    this.rows++;
  }

  /** The finished workbook, or null when no row failed. */
  async finish(): Promise<Buffer | null> {
    if (!this.book) return null;
    this.sheet!.commit();
    await this.book.commit();
    await this.done;
    return Buffer.concat(this.chunks);
  }
}

/** Stores a report (its own transaction, whatever became of the import's) and drops expired ones. */
export async function saveReport(orm: MikroORM, viewer: Viewer, report: ErrorReport, resource: string, fileName: string, content: Buffer): Promise<void> {
  const conn = (orm.em.fork() as EntityManager).getConnection();
  await conn.execute(`delete from import_report where created_at < now() - interval '${REPORT_DAYS} days'`);
  await conn.execute(
    'insert into import_report (id, bureau_id, created_by, created_at, resource, file_name, rows, content) values (?, ?, ?, now(), ?, ?, ?, ?)',
    [report.id, viewer.bureauId, viewer.userId, resource, fileName, report.rows, content],
  );
}

/** A report for the user who made it, in their bureau, while it lasts. */
export async function loadReport(em: EntityManager, viewer: Viewer, id: string): Promise<{ fileName: string; content: Buffer } | null> {
  if (!UUID.test(id)) return null;
  const [row] = await em.getConnection().execute(
    `select file_name, content from import_report
      where id = ? and bureau_id = ? and created_by = ? and created_at > now() - interval '${REPORT_DAYS} days'`,
    [id, viewer.bureauId, viewer.userId],
  );
  return row ? { fileName: row.file_name as string, content: row.content as Buffer } : null;
}
