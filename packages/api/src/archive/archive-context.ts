import type { EntityManager } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import type { Viewer } from '../core/context';
import type { ViewLog } from '../core/audit/view-log';
import type { ViewRecord } from '../core/audit/view-events';
import { ScopedOrm } from '../core/data/scoped-orm';
import type { ArchivePeriod } from './archive-period';

/** What the ledgers of one school's archive are generated for (the school and period), and by whom. */
export interface ArchiveContext extends ArchivePeriod {
  em: EntityManager;
  viewer: Viewer;
  /** Rows within the viewer's reach; every record read for the archive comes through it. */
  scoped: ScopedOrm;
  /** Full reads of audited fields on printed forms, written as VIEW events before the zip ends. */
  views: ViewLog;
  /** Audited columns of the rosters (身份证号, categories), for the same VIEW events. */
  rosterReads: ViewRecord[];
  school: { id: string; name: string };
}

/** One file of the zip, generated or uploaded; `rows` counts a generated ledger's lines. */
export interface ArchiveEntry {
  name: string;
  content: Buffer;
  rows?: number;
}

/** A new workbook, as the system's other downloads make them. */
export function newBook(): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = '家访管理平台';
  return book;
}

export async function bookBuffer(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer);
}
