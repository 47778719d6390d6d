import type express from 'express';
import { GraphQLError } from 'graphql';
import { todayInChina } from '../core/time/school-year';
import { importableNamed, mayImport, opsOf, type ImportOp } from '../import/importable';
import { ImportAborted, runImport, type ImportLine } from '../import/run';
import { FileFormatError } from '../import/parse';
import { loadReport } from '../import/report';
import { writeTemplate } from '../import/template';
import { absent, badField, forbidden } from '../core/errors';
import { sendXlsx, viewerRoute, XLSX, type RouteServer } from './route';
import { describeForLog } from '../db/error-log';
import { timingRefusal } from '../core/crud/db-errors';

/** GET /import/<Resource>/template.xlsx — the heads in order, an example row, and the 说明 sheet. */
export function importTemplateRoute(server: RouteServer): express.RequestHandler {
  return viewerRoute(server, 'import template', '生成模板失败', async (req, res, { em, viewer }) => {
    const imp = importableNamed(String(req.params.resource));
    if (!imp) throw absent('没有这种导入模板');
    const book = await writeTemplate(em, viewer, imp);
    sendXlsx(res, `${imp.res.label}导入模板.xlsx`, (await book.xlsx.writeBuffer()) as ArrayBuffer);
  });
}

/** GET /import/reports/<id>.xlsx — an import's error report, for the user who ran it, for seven days. */
export function importReportRoute(server: RouteServer): express.RequestHandler {
  return viewerRoute(server, 'import report', '读取错误报告失败', async (req, res, { em, viewer }) => {
    const report = await loadReport(em, viewer, String(req.params.id));
    if (!report) throw absent('找不到错误报告（报告保留7天，且只有导入人可以下载）');
    sendXlsx(res, report.fileName, report.content);
  });
}

const bad = (field: string, message: string) => badField(field, message, 'IMPORT_ARGUMENT');

/** csv or xlsx: as asked, else by the content type, else by the file name. */
function formatOf(req: express.Request): 'csv' | 'xlsx' | null {
  const asked = String(req.query.format ?? '').toLowerCase();
  if (asked === 'csv' || asked === 'xlsx') return asked;
  if (asked) return null;
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith(XLSX)) return 'xlsx';
  if (/^(text\/csv|application\/csv|text\/plain|application\/vnd\.ms-excel)/.test(type)) return 'csv';
  const name = String(req.query.fileName ?? '').toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** The NDJSON line of a failure: the API's error shape, never SQL or a stack. */
function errorLine(err: unknown, log: (m: string) => void): ImportLine {
  if (err instanceof GraphQLError) return { error: { message: err.message, ...(err.extensions as Record<string, unknown>) } };
  if (err instanceof FileFormatError) return { error: { code: 'BAD_USER_INPUT', rule: 'FILE_FORMAT', message: err.message } };
  if (err instanceof ImportAborted) return { error: { code: 'BAD_REQUEST', rule: 'ABORTED', message: err.message } };
  const retry = timingRefusal(err);
  if (retry) return { error: { message: retry.message, ...(retry.extensions as Record<string, unknown>) } };
  log(`import failed: ${describeForLog(err)}`);
  return { error: { code: 'INTERNAL_SERVER_ERROR', message: '导入失败，未写入任何数据，请稍后再试' } };
}

/**
 * POST /import/<Resource>?dryRun=&mode=&op=&mapping=&idempotencyKey=&format=&fileName= with the
 * file as the body: answers NDJSON as it goes — progress per chunk, then the result, or a mapping
 * request when the heads need one (nothing is written then).
 */
export function importRoute(server: RouteServer): express.RequestHandler {
  return viewerRoute(server, 'import', '导入失败，未写入任何数据，请稍后再试', async (req, res, ctx) => {
    const imp = importableNamed(String(req.params.resource));
    if (!imp) throw absent('没有这种导入');
    if (!mayImport(ctx.viewer, imp)) throw forbidden(`当前角色不能导入${imp.res.label}`);

    const q = req.query as Record<string, string | undefined>;
    const flag = (v: string | undefined) => (v == null || v === '' ? false : ['true', '1'].includes(v) ? true : ['false', '0'].includes(v) ? false : null);
    const dryRun = flag(q.dryRun);
    if (dryRun === null) throw bad('dryRun', 'dryRun 应为 true 或 false');
    const mode = q.mode ?? 'ALL_OR_NOTHING';
    if (mode !== 'ALL_OR_NOTHING' && mode !== 'VALID_ONLY') throw bad('mode', 'mode 应为 ALL_OR_NOTHING 或 VALID_ONLY');
    const op = (q.op ?? imp.spec.op) as ImportOp;
    if (!opsOf(imp).includes(op)) throw bad('op', `op 应为 ${opsOf(imp).join(' 或 ')}`);
    let mapping: Record<string, string | null> | null = null;
    if (q.mapping) {
      try {
        mapping = JSON.parse(q.mapping);
      } catch {
        mapping = null;
      }
      const ok = mapping && typeof mapping === 'object' && !Array.isArray(mapping) && Object.values(mapping).every((v) => v === null || typeof v === 'string');
      if (!ok) throw bad('mapping', 'mapping 应为 JSON 对象：{"列名": "字段名或 null"}');
    }
    const format = formatOf(req);
    if (!format) throw bad('format', '请上传 .xlsx 或 .csv 文件（Content-Type 或 format=csv|xlsx）');
    const length = Number(req.headers['content-length']);

    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.flushHeaders();
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) gone = true;
    });
    const emit = async (line: ImportLine) => {
      if (gone || res.writableEnded) return;
      if (!res.write(`${JSON.stringify(line)}\n`)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    };
    try {
      await runImport(
        server.orm,
        ctx,
        req,
        {
          imp,
          op,
          mode,
          dryRun,
          mapping,
          format,
          charset: q.charset,
          fileName: q.fileName || `${imp.res.label}-${todayInChina()}.${format}`,
          idempotencyKey: q.idempotencyKey || undefined,
          totalBytes: Number.isFinite(length) && length > 0 ? length : null,
        },
        emit,
        () => gone,
      );
    } catch (err) {
      await emit(errorLine(err, server.log));
    } finally {
      res.end();
      // Answered before the upload was read through (a mapping step): let the rest of it go by.
      if (!req.readableEnded) {
        req.unpipe();
        req.resume();
      }
    }
  });
}
