import type { ReportArgName, ReportSpec } from '../core/report/spec';
import type { ResourceSpec } from '../core/resource/spec';
import { computeReport } from '../core/report/report';
import { addReportSheet, sheetName } from '../core/report/xlsx';
import { exportColumns, exportRows } from '../core/export/export-rows';
import { spreadsheetSafe } from '../core/export/spreadsheet-safe';
import { AUDITED_READS } from '../core/audit/view-log';
import { resourceOf } from '../core/resource/registry';
import { ScopedOrm } from '../core/data/scoped-orm';
import { Attachment } from '../files/attachment.entity';
import { bookBuffer, newBook, type ArchiveContext, type ArchiveEntry } from './archive-context';

// The three kinds of generated file, each from the machinery the API's downloads use: a report
// laid out like its seed form (core/report), a roster of a resource's rows under the role's field
// rules (core/export), and one record's printed form (the resource's printForm) with its files.

/** A report for the school (narrowed to it by `schoolId`), as GET /reports/<name>.xlsx lays it out. */
export async function reportFile(c: ArchiveContext, spec: ReportSpec, raw: Partial<Record<ReportArgName, unknown>>, name: string): Promise<ArchiveEntry> {
  const out = await computeReport(c.em, spec, c.viewer, { ...raw, schoolId: c.school.id });
  const book = newBook();
  addReportSheet(book, spec, out);
  await spec.extraSheets?.(book, c.em, out, c.viewer, c.views);
  return { name, content: await bookBuffer(book), rows: out.rows.filter((r) => r.rowType === 'DETAIL').length };
}

const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt']);

/**
 * A 花名册: every row of a resource matching `filter` within the viewer's reach, each value as the
 * export shows it to the role (masked or left out), under a title naming the school and period.
 */
export async function rosterFile(c: ArchiveContext, res: ResourceSpec, filter: Record<string, unknown>, title: string): Promise<ArchiveEntry> {
  // A roster on paper has no record ids or bookkeeping times.
  const columns = exportColumns(res, c.viewer).filter((col) => !BOOKKEEPING.has(col.field.gqlName));
  const book = newBook();
  const sheet = book.addWorksheet(sheetName(title), { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 6 }, ...columns.map((col) => ({ width: Math.max(10, col.header.length * 2 + 4) }))];
  sheet.mergeCells(1, 1, 1, columns.length + 1);
  sheet.getCell(1, 1).value = spreadsheetSafe(`${c.school.name}${title}（${c.periodLabel}）`);
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getRow(2).values = ['序号', ...columns.map((col) => col.header)];
  sheet.getRow(2).font = { bold: true };
  let rows = 0;
  // A fork: the export clears its identity map page by page.
  for await (const values of exportRows(c.em.fork(), res, c.viewer, columns, { filter })) {
    sheet.addRow([++rows, ...values.map(spreadsheetSafe)]);
  }
  const audited = columns.filter((col) => col.field.sensitivity && AUDITED_READS.has(col.field.sensitivity)).map((col) => col.field.gqlName);
  if (audited.length && rows > 0) c.rosterReads.push({ resource: res.name, fields: audited, details: { archive: c.school.id, title, rows } });
  return { name: `${title}.xlsx`, content: await bookBuffer(book), rows };
}

/** A file name without the characters zip tools and file systems refuse. */
export const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120);

/** The files attached to records (a visit's photos, a case's evidence) the viewer may read, one at a time. */
export async function* attachedFiles(c: ArchiveContext, owner: 'visitId' | 'dropoutCaseId' | 'documentId', ownerId: string, prefix: string): AsyncGenerator<ArchiveEntry> {
  const res = resourceOf(Attachment);
  const files = await c.scoped.list<Attachment>(res, { [owner]: ownerId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  for (const [i, f] of files.entries()) {
    // The content is loaded for one file at a time, in a fork dropped once it is in the zip.
    const full = await new ScopedOrm(c.em.fork(), c.viewer).byId<Attachment>(res, f.id, { populate: ['content'] });
    if (full) yield { name: safeName(`${prefix}${files.length > 1 ? `-${i + 1}` : ''}-${full.fileName}`), content: full.content };
  }
}

/**
 * Each record's printed form (附件3-1, 附件4) and its files, numbered in `order`: 送教记录01-2024-10-12.xlsx.
 * Names carry a number and a date, never a child's name (file names escape the field rules).
 */
export async function* recordsWithForms(
  c: ArchiveContext,
  res: ResourceSpec,
  filter: Record<string, unknown>,
  order: Record<string, 'asc' | 'desc'>,
  prefix: string,
  dateOf: (row: any) => string,
  owner: 'visitId' | 'dropoutCaseId',
): AsyncGenerator<ArchiveEntry> {
  const rows = await c.scoped.list<Record<string, any>>(res, filter, { orderBy: { ...order, id: 'asc' } });
  const width = String(rows.length).length < 2 ? 2 : String(rows.length).length;
  for (const [i, row] of rows.entries()) {
    const label = `${prefix}${String(i + 1).padStart(width, '0')}-${dateOf(row)}`;
    const book = newBook();
    await res.printForm!.write({ book, row, em: c.em, viewer: c.viewer, views: c.views });
    yield { name: `${label}.xlsx`, content: await bookBuffer(book), rows: 1 };
    yield* attachedFiles(c, owner, row.id, label);
  }
}
