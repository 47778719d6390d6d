import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse';
import type { Cell } from './values';

/** One row of the file: its number as the spreadsheet shows it (1-based) and its cells from column A. */
export interface SheetRow {
  number: number;
  cells: Cell[];
}

/**
 * Counts and hashes the bytes of the upload as they pass (progress, idempotency). An upload that
 * breaks off or grows past the limit ends the stream early and leaves `broken` set: the import
 * reads no further and must not commit.
 */
export class ByteCounter extends Transform {
  bytes = 0;
  broken: Error | null = null;
  private readonly hash = createHash('sha256');
  private digested?: string;

  constructor(private readonly limit = Infinity) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    if (this.broken) return done();
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.stop(new FileFormatError(`文件超过 ${Math.floor(this.limit / 1024 / 1024)} MB，请分成几个文件导入`));
      this.emit('limit');
      return done();
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  /** Ends the stream here: what follows is not read. */
  stop(reason: Error) {
    if (this.broken) return;
    this.broken = reason;
    this.end();
  }

  digest(): string {
    return (this.digested ??= this.hash.digest('hex'));
  }
}

/** A file the import cannot read at all (not an .xlsx, broken CSV quoting). */
export class FileFormatError extends Error {}

/**
 * Text of a CSV upload: UTF-8 (with or without the byte-order mark), or GB18030, which Excel on
 * Chinese Windows writes; told apart on the first bytes unless the client names the charset.
 */
class Decode extends Transform {
  private decoder?: TextDecoder;

  constructor(private readonly charset?: string) {
    super({ readableObjectMode: false });
  }

  private pick(first: Buffer): TextDecoder {
    const wanted = this.charset?.toLowerCase();
    if (wanted && wanted !== 'auto') {
      const label = ['gbk', 'gb2312', 'gb18030', 'ansi'].includes(wanted) ? 'gb18030' : wanted;
      try {
        return new TextDecoder(label);
      } catch {
        throw new FileFormatError(`不支持的字符编码：${this.charset}`);
      }
    }
    if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(first.subarray(0, 64 * 1024), { stream: true });
      return new TextDecoder('utf-8');
    } catch {
      return new TextDecoder('gb18030');
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    try {
      this.decoder ??= this.pick(chunk);
      done(null, this.decoder.decode(chunk, { stream: true }));
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback) {
    done(null, this.decoder?.decode() ?? '');
  }
}

/** Rows of a CSV upload, streamed; the row number is the record's (what Excel shows when it opens the file). */
export async function* csvRows(input: Readable, charset?: string): AsyncGenerator<SheetRow> {
  const parser = parseCsv({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true });
  const decoded = input.pipe(new Decode(charset));
  input.on('error', (err) => decoded.destroy(err));
  decoded.on('error', (err) => parser.destroy(err));
  decoded.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      yield { number: info.records, cells: record };
    }
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    throw new FileFormatError(`无法读取 CSV 文件：${(err as Error).message}`);
  }
}

/** An Excel cell's value as plain data: rich text as text, formulas as their result, hyperlinks as their text. */
export function plainCell(v: ExcelJS.CellValue | undefined): Cell {
  if (v == null) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return plainCell((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in v) return plainCell((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return null;
  }
  return String(v);
}

/**
 * Rows of the first worksheet of an .xlsx upload, streamed with ExcelJS's WorkbookReader (shared
 * strings and styles are kept, rows are not); later worksheets (a template's 说明) are skipped.
 */
export async function* xlsxRows(input: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let first = true;
  try {
    for await (const sheet of reader) {
      if (!first) {
        // Later worksheets are read through (the zip is one stream) but not used.
        for await (const _row of sheet) void _row;
        continue;
      }
      first = false;
      for await (const row of sheet) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        yield { number: row.number, cells };
      }
    }
  } catch (err) {
    throw new FileFormatError(`无法读取 Excel 文件（请上传 .xlsx 格式）：${(err as Error).message}`);
  }
  if (first) throw new FileFormatError('Excel 文件中没有工作表');
}
