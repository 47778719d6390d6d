import type express from 'express';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import { resourceNamed } from '../core/resource/registry';
import { can } from '../core/access/policy';
import { rowScope } from '../core/access/scope';
import { UUID } from '../core/crud/where';
import { ViewLog } from '../core/audit/view-log';
import { writeViewEvents } from '../core/audit/view-events';
import { viewerFromRequest } from './context';

/**
 * GET /forms/<Resource>/<id>.xlsx — one record laid out as its seed's paper form (附件3-1, 附件4),
 * for a caller who may read it, every value under the same field rules as the API.
 */
export function formsRoute(orm: MikroORM, secret: string, log: (m: string) => void): express.RequestHandler {
  return async (req, res) => {
    const em = orm.em.fork() as EntityManager;
    const { viewer } = await viewerFromRequest(req, em, secret);
    if (!viewer) return void res.status(401).json({ code: 'UNAUTHENTICATED', message: '请先登录' });
    const resource = resourceNamed(String(req.params.resource));
    const form = resource?.printForm;
    if (!resource || !form) return void res.status(404).json({ code: 'NOT_FOUND', message: '没有这种打印表' });
    if (!can(viewer, resource, 'read')) return void res.status(403).json({ code: 'FORBIDDEN', message: `当前角色不能查看${resource.label}` });
    const id = String(req.params.id);
    if (!UUID.test(id)) return void res.status(400).json({ code: 'BAD_USER_INPUT', field: 'id', rule: 'ID_FORMAT', message: 'id 不是有效的编号' });
    // Outside the row scope answers as if absent, like the API's single reads.
    const row = await em.findOne(resource.entity, { $and: [rowScope(resource, viewer), { id }] });
    if (!row) return void res.status(404).json({ code: 'NOT_FOUND', message: `找不到${resource.label}` });

    const views = new ViewLog();
    let buffer: ExcelJS.Buffer;
    let fileName: string;
    try {
      const book = new ExcelJS.Workbook();
      book.creator = '家访管理平台';
      ({ fileName } = await form.write({ book, row, em, viewer, views }));
      buffer = await book.xlsx.writeBuffer();
    } catch (err) {
      log(`print form failed: ${(err as Error).stack}`);
      return void res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message: '生成打印表失败' });
    }
    // The VIEW event is written before the file leaves, so no print of a full 身份证号 goes unrecorded.
    const entries = views.entries();
    if (entries.length) {
      await writeViewEvents(orm, viewer, entries.map((e) => ({ ...e, details: { print: resource.name, id } })), log);
    }
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(Buffer.from(buffer as ArrayBuffer));
  };
}
