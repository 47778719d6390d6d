import type express from 'express';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import { reports } from '../registry';
import { computeReport } from '../core/report/report';
import { addReportSheet } from '../core/report/xlsx';
import type { ReportArgName } from '../core/report/spec';
import { viewerFromRequest } from './context';
import { sendApiError } from './api-error';

/**
 * GET /reports/<report>.xlsx?schoolYear=&semester=&… — the report laid out like its seed form,
 * with the same arguments as the query and the caller's role and scope.
 */
export function reportRoute(orm: MikroORM, secret: string, log: (m: string) => void): express.RequestHandler {
  return async (req, res) => {
    const em = orm.em.fork() as EntityManager;
    const { viewer } = await viewerFromRequest(req, em, secret);
    if (!viewer) return void res.status(401).json({ code: 'UNAUTHENTICATED', message: '请先登录' });
    const spec = reports.find((r) => r.name === req.params.name);
    if (!spec) return void res.status(404).json({ code: 'NOT_FOUND', message: '没有这种报表' });
    const raw: Partial<Record<ReportArgName, unknown>> = {};
    for (const [k, v] of Object.entries(req.query)) raw[k as ReportArgName] = Array.isArray(v) ? v[0] : v;
    try {
      const out = await computeReport(em, spec, viewer, raw);
      const book = new ExcelJS.Workbook();
      book.creator = '家访管理平台';
      addReportSheet(book, spec, out);
      await spec.extraSheets?.(book, em, out, viewer);
      const name = `${spec.title}-${out.asOf}.xlsx`;
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
      res.end(Buffer.from(await book.xlsx.writeBuffer()));
    } catch (err) {
      sendApiError(res, err, log, `report ${spec.name}`, '报表生成失败');
    }
  };
}
