import type { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Viewer } from '../core/context';
import type { FieldSpec, ResourceSpec } from '../core/resource/spec';
import { targetResource } from '../core/resource/registry';
import { can } from '../core/access/policy';
import { viewerOf } from '../core/crud/mutations';
import { BulkSession, naturalKey, type BulkMode, type BulkOutcome, type BulkRowOutcome } from '../core/bulk/run';
import { checkKey, claimKey, keyReused, remember, replayOf, requestHash } from '../core/bulk/idempotency';
import { importFields, missingFields, planColumns, requiredIn, type Column, type ImportField } from './heads';
import { reportPath, type Importable, type ImportOp } from './importable';
import { ByteCounter, csvRows, xlsxRows, type SheetRow } from './parse';
import { RefResolver, type LookupContext } from './refs';
import { ErrorReport, saveReport } from './report';
import { textProblem } from '../core/validation/text';
import {
  cellText, CellProblem, isBlank, splitList, toBool, toDate, toDateTime, toEnum, toEnumList, toInt, toMoney, type Cell,
} from './values';

/** Rows read, converted and handed to the bulk session at a time. */
export const IMPORT_CHUNK = 1000;
/** Row errors listed in the answer; the error report has them all. */
export const ERRORS_IN_RESULT = 1000;
/** The largest upload taken (a 100,000-row roster is some 15 MB as CSV). */
export const MAX_IMPORT_BYTES = Number(process.env.IMPORT_MAX_BYTES ?? 200 * 1024 * 1024);
/** Rows above the head searched for it (a title such as 城关中心小学学生花名册 may come first). */
const HEAD_SEARCH_ROWS = 10;

export interface ImportRequest {
  imp: Importable;
  op: ImportOp;
  mode: BulkMode;
  dryRun: boolean;
  /** The user's answer to the mapping step: head → field key, or null to leave the column out. */
  mapping: Record<string, string | null> | null;
  format: 'csv' | 'xlsx';
  charset?: string;
  fileName: string;
  idempotencyKey?: string;
  totalBytes: number | null;
}

export interface ColumnInfo {
  header: string;
  /** The field key (schoolId, guardians.1.phone), null when left out or unmatched. */
  field: string | null;
  label: string | null;
  /** A column used only to find a reference (学年 beside 班级): the reference's key. */
  hintFor?: string;
}

export interface RowError {
  /** The row number in the spreadsheet (the head is usually row 1). */
  row: number;
  /** The file's head of the column, when the problem is in one. */
  column: string | null;
  field: string | null;
  code: string;
  rule: string | null;
  message: string;
}

export interface ImportResult {
  committed: boolean;
  dryRun: boolean;
  replayed: boolean;
  op: ImportOp;
  mode: BulkMode;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  notWritten: number;
  failed: number;
  columns: ColumnInfo[];
  unmatched: string[];
  errors: RowError[];
  errorCount: number;
  errorsTruncated: boolean;
  errorReport: string | null;
  bytes: number;
  /** What followed the import (siblings linked into families), in a sentence. */
  followUp?: string | null;
}

export interface MappingRequest {
  columns: ColumnInfo[];
  unmatched: string[];
  missing: string[];
  fields: Array<{ field: string; label: string; required: boolean }>;
}

export type ImportLine =
  | { progress: { rows: number; failed: number; bytes: number; totalBytes: number | null } }
  | { mapping: MappingRequest }
  | { result: ImportResult }
  | { error: Record<string, unknown> & { message: string } };

/** The caller went away: the import is rolled back. */
export class ImportAborted extends Error {}

const describe = (c: Column): ColumnInfo => {
  if (c.target?.kind === 'field') return { header: c.header, field: c.target.field.key, label: c.target.field.head };
  if (c.target?.kind === 'hint') return { header: c.header, field: null, label: c.target.targetField.label, hintFor: c.target.ref.gqlName };
  return { header: c.header, field: null, label: null };
};

interface Work {
  row: SheetRow;
  input: Record<string, unknown>;
  problems: Array<{ column: Column | null; field: string | null; code: string; rule: string; message: string }>;
  /** `guardians.0` → the file's guardian group it came from (监护人2 → 1). */
  groups: Map<string, number>;
}

/**
 * Imports one uploaded file: finds the head row, matches its columns to fields (or asks for a
 * mapping), then streams the rows in chunks through conversion, reference lookups and the bulk
 * session (same checks and access rules as single mutations), writing NDJSON lines as it goes.
 * Only per-row outcomes and the failed rows' report are kept, never the parsed rows.
 */
export async function runImport(
  orm: MikroORM,
  ctx: Context,
  body: Readable,
  r: ImportRequest,
  emit: (line: ImportLine) => Promise<void>,
  aborted: () => boolean,
): Promise<void> {
  const viewer = viewerOf(ctx);
  const { res } = r.imp;
  const counter = new ByteCounter(MAX_IMPORT_BYTES);
  const interrupted = () => counter.stop(new ImportAborted('上传中断，未导入任何数据'));
  body.on('error', interrupted);
  body.on('close', () => !body.readableEnded && interrupted());
  counter.on('limit', () => {
    body.unpipe(counter);
    body.resume();
  });
  body.pipe(counter);
  const source = r.format === 'csv' ? csvRows(counter, r.charset) : xlsxRows(counter);
  const it = source[Symbol.asyncIterator]();
  // A parse error of a stream that was cut short is the cut, not the file.
  const rows: AsyncIterator<SheetRow> = {
    next: async () => {
      try {
        return await it.next();
      } catch (err) {
        throw counter.broken ?? err;
      }
    },
  };
  try {
    await importRows(orm, ctx, viewer, res, r, rows, counter, emit, () => aborted() || !!counter.broken);
  } finally {
    await it.return?.(undefined).catch(() => undefined);
  }
}

async function importRows(
  orm: MikroORM,
  ctx: Context,
  viewer: Viewer,
  res: ResourceSpec,
  r: ImportRequest,
  it: AsyncIterator<SheetRow>,
  counter: ByteCounter,
  emit: (line: ImportLine) => Promise<void>,
  aborted: () => boolean,
): Promise<void> {
  const head = await findHead(it, res, r.mapping);
  if (!head) return void (await emit({ error: { code: 'BAD_USER_INPUT', rule: 'EMPTY_FILE', message: '文件中没有数据（第一行应为列名）' } }));
  const headers = head.head.cells.map((c) => cellText(c));
  const columns = planColumns(res, headers, r.mapping);
  const unmatched = columns.filter((c) => c.target === null).map((c) => c.header);
  const key = r.op === 'upsert' ? r.imp.spec.key : undefined;
  const keyFields = key ? naturalKey(res, key).fields : [];
  const onlyUpdates = !can(viewer, res, 'create');
  const missing = missingFields(res, columns, onlyUpdates, keyFields);
  if (unmatched.length || missing.length) {
    const fields = importFields(res).map((f) => ({
      field: f.key,
      label: f.head,
      required: requiredIn(f, onlyUpdates, keyFields),
    }));
    return void (await emit({ mapping: { columns: columns.map(describe), unmatched, missing: missing.map((f) => f.key), fields } }));
  }

  const operation = `import:${res.name}`;
  let hash: string | undefined;
  const requestHashOf = () => (hash ??= requestHash(operation, { file: counter.digest(), op: r.op, mode: r.mode, mapping: r.mapping ?? null }));
  const idem = r.idempotencyKey && !r.dryRun ? checkKey(r.idempotencyKey) : undefined;

  const plan = new Plan(res, columns);
  const refs = new RefResolver(orm.em.fork() as EntityManager, viewer);
  const report = new ErrorReport(headers, res.label);
  const errors: RowError[] = [];
  let errorCount = 0;
  let convertFailed = 0;
  let seen = 0;
  /** The spreadsheet row of each row given to the session, by the session's index. */
  const sessionRows: number[] = [];
  let result: ImportResult | undefined;

  const finalResult = (o: { committed: boolean; created: number; updated: number; unchanged: number; notWritten: number; failed: number }): ImportResult => ({
    committed: o.committed,
    dryRun: r.dryRun,
    replayed: false,
    op: r.op,
    mode: r.mode,
    total: seen,
    created: o.created,
    updated: o.updated,
    unchanged: o.unchanged,
    notWritten: o.notWritten,
    failed: o.failed,
    columns: columns.map(describe),
    unmatched: [],
    errors,
    errorCount,
    errorsTruncated: errorCount > errors.length,
    errorReport: report.rows ? reportPath(report.id) : null,
    bytes: counter.bytes,
  });
  const fromOutcome = (o: BulkOutcome) => {
    const notWritten = o.rows.filter((x) => x.status === 'NOT_WRITTEN').length;
    return finalResult({ committed: o.committed, created: o.created, updated: o.updated, unchanged: o.unchanged, notWritten, failed: o.failed + convertFailed });
  };

  const session = await BulkSession.begin(ctx, res, {
    op: r.op,
    mode: r.mode,
    key,
    dryRun: r.dryRun,
    beforeCommit: idem
      ? async (o) => {
          result = fromOutcome(o);
          await remember(ctx.em, viewer, idem, operation, requestHashOf(), result as unknown as BulkOutcome);
        }
      : undefined,
  });

  if (idem) {
    // The key is claimed for this import's transaction: a copy sent at once waits for this one.
    let seen;
    try {
      seen = await claimKey(ctx.em, viewer, idem);
      if (seen && seen.operation !== operation) keyReused();
    } catch (err) {
      await session.abort();
      throw err;
    }
    if (seen) {
      await session.abort();
      // A retry: read the file through to compare it with the first, then answer the first outcome.
      while (!(await it.next()).done);
      const first = replayOf(seen, viewer, operation, requestHashOf());
      return void (await emit({ result: { ...(first as unknown as ImportResult), replayed: true } }));
    }
  }

  const fail = (w: Work) => {
    const messages: string[] = [];
    for (const p of w.problems) {
      errorCount++;
      const column = p.column?.header ?? null;
      if (errors.length < ERRORS_IN_RESULT) errors.push({ row: w.row.number, column, field: p.field, code: p.code, rule: p.rule, message: p.message });
      const where = column ?? (p.field ? plan.labelOf(p.field) : null);
      messages.push(where ? `【${where}】${p.message}` : p.message);
    }
    report.add(w.row.number, w.row.cells, messages);
  };

  const chunkOf = async (rows: SheetRow[]) => {
    const works = await plan.convert(rows, refs);
    const valid = works.filter((w) => !w.problems.length);
    convertFailed += works.length - valid.length;
    if (valid.length) {
      for (const w of valid) sessionRows.push(w.row.number);
      const outcomes = await session.add(valid.map((w) => w.input));
      outcomes.forEach((o, i) => {
        if (o.status === 'ERROR') valid[i].problems = plan.problemsOf(o, valid[i], sessionRows);
      });
    }
    // The chunk's failed rows in file order, whichever step refused them.
    for (const w of works) if (w.problems.length) fail(w);
    const failed = convertFailed + session.progress.failed;
    await emit({ progress: { rows: seen, failed, bytes: counter.bytes, totalBytes: r.totalBytes } });
  };

  try {
    let chunk: SheetRow[] = [];
    const take = async (row: SheetRow) => {
      if (plan.blank(row)) return;
      seen++;
      chunk.push(row);
      if (chunk.length >= IMPORT_CHUNK) {
        const full = chunk;
        chunk = [];
        await chunkOf(full);
        if (aborted()) throw counter.broken ?? new ImportAborted('the client went away');
      }
    };
    await emit({ progress: { rows: 0, failed: 0, bytes: counter.bytes, totalBytes: r.totalBytes } });
    for (const row of head.rest) await take(row);
    for (let n = await it.next(); !n.done; n = await it.next()) await take(n.value);
    if (chunk.length) await chunkOf(chunk);
    if (counter.broken) throw counter.broken;
    if (aborted()) throw new ImportAborted('the client went away');
    if (r.mode === 'ALL_OR_NOTHING' && convertFailed && !r.dryRun) {
      // A row the session never saw failed: nothing is written.
      await session.abort();
      const p = session.progress;
      result = finalResult({ committed: false, created: 0, updated: 0, unchanged: 0, notWritten: p.rows - p.failed, failed: p.failed + convertFailed });
    } else {
      const outcome = await session.end();
      result = fromOutcome(outcome);
      if (outcome.committed) result.followUp = await followUp(ctx, r, outcome);
    }
  } catch (err) {
    await session.abort();
    throw err;
  }
  const content = await report.finish();
  if (content) await saveReport(orm, viewer, report, res.name, `${res.label}导入错误报告-${r.fileName.replace(/\.(xlsx|csv)$/i, '')}.xlsx`, content);
  await emit({ result });
}

/**
 * What an import of the resource sets going once committed (families of the children imported),
 * said in a sentence; the import stands if it fails.
 */
async function followUp(ctx: Context, r: ImportRequest, outcome: BulkOutcome): Promise<string | null> {
  const ids = outcome.rows.filter((x) => (x.status === 'CREATED' || x.status === 'UPDATED') && x.id).map((x) => x.id!);
  if (!ids.length || !r.imp.spec.afterImport) return null;
  try {
    return await r.imp.spec.afterImport(ctx, ids);
  } catch {
    return `${r.imp.res.label}已导入；后续处理未完成，可稍后重试`;
  }
}

/** The head row: the first of the first rows naming at least two fields (titles above it are skipped). */
async function findHead(it: AsyncIterator<SheetRow>, res: ResourceSpec, mapping: Record<string, string | null> | null) {
  const seen: SheetRow[] = [];
  while (seen.length < HEAD_SEARCH_ROWS) {
    const n = await it.next();
    if (n.done) break;
    const filled = n.value.cells.filter((c) => !isBlank(c)).length;
    if (!filled) continue;
    seen.push(n.value);
    const matched = planColumns(res, n.value.cells.map(cellText), mapping).filter((c) => c.target && c.target.kind !== 'ignore').length;
    if (matched >= Math.min(2, filled)) return { head: n.value, rest: [] as SheetRow[] };
  }
  if (!seen.length) return null;
  return { head: seen[0], rest: seen.slice(1) };
}

type FieldColumn = Column & { target: { kind: 'field'; field: ImportField } };

/** The columns of one file, and how its rows become the bulk session's input. */
class Plan {
  private readonly fields: FieldColumn[];
  private readonly byKey = new Map<string, Column>();
  /** Reference columns, each after those whose record narrows it (学校 before 班级). */
  private readonly refColumns: FieldColumn[];

  constructor(
    private readonly res: ResourceSpec,
    private readonly columns: Column[],
  ) {
    this.fields = columns.filter((c): c is FieldColumn => c.target?.kind === 'field');
    for (const c of this.fields) this.byKey.set(c.target.field.key, c);
    this.refColumns = orderRefs(this.fields.filter((c) => c.target.field.field.kind === 'ref' || c.target.field.field.kind === 'refList'));
  }

  /** A row with nothing in any used column (a numbered but empty line of a template). */
  blank(row: SheetRow): boolean {
    return this.columns.every((c) => !c.target || c.target.kind === 'ignore' || isBlank(row.cells[c.index] ?? null));
  }

  labelOf(field: string): string | null {
    const own = this.res.fields.find((f) => f.gqlName === field);
    return own?.label ?? null;
  }

  /** The column a field of a session problem is in (guardians.0.phone → the 监护人2电话 column it came from). */
  columnOf(field: string | undefined | null, w: Work): Column | null {
    if (!field) return null;
    const m = /^(\w+)\.(\d+)\.(\w+)$/.exec(field);
    if (m) {
      const group = w.groups.get(`${m[1]}.${m[2]}`);
      return group === undefined ? null : (this.byKey.get(`${m[1]}.${group}.${m[3]}`) ?? null);
    }
    return this.byKey.get(field) ?? null;
  }

  /** A failed session row's problems, each with its column; row references in messages as spreadsheet rows. */
  problemsOf(o: BulkRowOutcome, w: Work, sessionRows: number[]): Work['problems'] {
    const list = o.problems?.length ? o.problems : [{ field: o.field ?? '', rule: o.rule ?? '', message: o.message ?? '' }];
    return list.map((p) => {
      const column = this.columnOf(p.field, w);
      let message = p.message;
      if (p.rule === 'DUPLICATE_IN_BATCH') message = message.replace(/第 (\d+) 行/, (all, n) => (sessionRows[Number(n) - 1] ? `第 ${sessionRows[Number(n) - 1]} 行` : all));
      const field = column?.target?.kind === 'field' ? column.target.field.key : p.field || null;
      return { column, field, code: o.code ?? 'BAD_USER_INPUT', rule: p.rule || o.rule || '', message };
    });
  }

  /** Converts a chunk: values first, then references looked up for the whole chunk at once. */
  async convert(rows: SheetRow[], refs: RefResolver): Promise<Work[]> {
    const works: Work[] = rows.map((row) => ({ row, input: {}, problems: [], groups: new Map() }));
    const children = new Map<Work, Map<string, Map<number, Record<string, unknown>>>>();
    const put = (w: Work, c: FieldColumn, value: unknown) => {
      const f = c.target.field;
      if (!f.child) return void (w.input[f.field.gqlName] = value);
      const byChild = children.get(w) ?? new Map<string, Map<number, Record<string, unknown>>>();
      children.set(w, byChild);
      const groups = byChild.get(f.child.spec.name) ?? new Map<number, Record<string, unknown>>();
      byChild.set(f.child.spec.name, groups);
      const group = groups.get(f.child.group) ?? {};
      groups.set(f.child.group, group);
      group[f.field.gqlName] = value;
    };
    const problem = (w: Work, c: Column, code: string, rule: string, message: string) =>
      w.problems.push({ column: c, field: c.target?.kind === 'field' ? c.target.field.key : null, code, rule, message });

    // Text no field can store (a NUL byte, a broken character) is refused where it stands, and the
    // cell is read as blank from here on, so no lookup or write sees it.
    for (const w of works) {
      for (const c of this.columns) {
        const cell = w.row.cells[c.index];
        const bad = typeof cell === 'string' ? textProblem(cell, c.header) : null;
        if (!bad) continue;
        problem(w, c, 'BAD_USER_INPUT', bad.rule, bad.message);
        w.row.cells[c.index] = null;
      }
    }

    for (const c of this.fields) {
      const f = c.target.field.field;
      if (f.kind === 'ref' || f.kind === 'refList') continue;
      for (const w of works) {
        const cell = w.row.cells[c.index] ?? null;
        if (isBlank(cell)) continue;
        const value = convertCell(f, cell, c.target.kind === 'field' ? c.target.unit : 'yuan');
        if (value instanceof CellProblem) problem(w, c, 'BAD_USER_INPUT', value.rule, value.message);
        else put(w, c, value);
      }
    }

    // References: load what the chunk names (within reach), resolve row by row in dependency order.
    for (const c of this.refColumns) {
      const values = works.flatMap((w) => refValues(c, w.row.cells[c.index] ?? null));
      await refs.prepare(targetResource(c.target.field.field), values);
    }
    for (const w of works) {
      const context: LookupContext = { resolved: new Map(), hints: new Map() };
      const failed = new Set<string>();
      for (const c of this.refColumns) {
        const f = c.target.field.field;
        const target = targetResource(f);
        const values = refValues(c, w.row.cells[c.index] ?? null);
        if (!values.length) continue;
        // A reference narrowed by one this row failed to name is not looked up (one error per cause).
        if (target.fields.some((x) => x.kind === 'ref' && failed.has(refKey(x)))) continue;
        context.hints = new Map(
          this.columns.flatMap((h) =>
            h.target?.kind === 'hint' && h.target.ref === f && !isBlank(w.row.cells[h.index] ?? null) ? [[h.target.targetField.name, cellText(w.row.cells[h.index] ?? null)]] : [],
          ),
        );
        const ids: string[] = [];
        for (const value of values) {
          const hit = refs.find(f, value, context);
          if ('problem' in hit) {
            problem(w, c, hit.problem.code, hit.problem.rule, hit.problem.message);
            failed.add(refKey(f));
            break;
          }
          ids.push(hit.id);
        }
        if (failed.has(refKey(f))) continue;
        if (f.kind === 'ref') {
          context.resolved.set(refKey(f), ids[0]);
          put(w, c, ids[0]);
        } else put(w, c, [...new Set(ids)]);
      }
    }
    // Nested children: each group with a value becomes one child (监护人, 监护人2 …).
    for (const [w, byChild] of children) {
      for (const [name, groups] of byChild) {
        const list = [...groups.entries()].sort(([a], [b]) => a - b);
        list.forEach(([group], j) => w.groups.set(`${name}.${j}`, group));
        w.input[name] = list.map(([, values]) => values);
      }
    }
    return works;
  }
}

/** The values of a reference cell: one, or several for a list (任课教师: 李老师、王老师). */
function refValues(c: FieldColumn, cell: Cell): string[] {
  if (isBlank(cell)) return [];
  return c.target.field.field.kind === 'refList' ? splitList(cell) : [cellText(cell)];
}

/** A reference as rows and their targets share it: its name and target (school:School). */
const refKey = (f: FieldSpec) => `${f.name}:${targetResource(f).name}`;

/**
 * Orders reference columns so that one whose target is narrowed by another comes after it: a
 * class after the school (SchoolClass.school is the row's school), a head teacher after it too.
 */
function orderRefs(columns: FieldColumn[]): FieldColumn[] {
  const out: FieldColumn[] = [];
  let left = [...columns];
  while (left.length) {
    const pending = new Set(left.map((c) => refKey(c.target.field.field)));
    const ready = left.filter((c) => {
      const t = targetResource(c.target.field.field);
      return !t.fields.some((f) => f.kind === 'ref' && targetResource(f) !== t && pending.has(refKey(f)));
    });
    const next = ready.length ? ready : [left[0]];
    out.push(...next);
    left = left.filter((c) => !next.includes(c));
  }
  return out;
}

/** One cell as the value of its field, or the problem with it. */
function convertCell(f: FieldSpec, cell: Cell, unit: 'yuan' | 'fen'): unknown {
  switch (f.kind) {
    case 'text':
      if (typeof cell === 'number' && Math.abs(cell) > Number.MAX_SAFE_INTEGER) {
        return new CellProblem('NUMBER_PRECISION', `${f.label}是数字格式，超过15位的数字已被 Excel 改写：请把该列设为文本格式后重新填写`);
      }
      return cellText(cell);
    case 'int':
      return f.money ? toMoney(cell, unit) : toInt(cell);
    case 'bool':
      return toBool(cell);
    case 'date':
      return toDate(cell);
    case 'datetime':
      return toDateTime(cell);
    case 'enum':
      return toEnum(cell, f, f.enumObject!);
    case 'enumList':
      return toEnumList(cell, f, f.enumObject!);
    case 'json': {
      const members = f.jsonMembers!;
      const list = toEnumList(cell, f, members.enumObject);
      return list instanceof CellProblem ? list : list.map((code) => ({ [members.key]: code }));
    }
    default:
      return cellText(cell);
  }
}

