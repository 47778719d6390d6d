import type express from 'express';
import ExcelJS from 'exceljs';
import { resourceNamed } from '../core/resource/registry';
import { can } from '../core/access/policy';
import { checkId } from '../core/crud/where';
import { ViewLog } from '../core/audit/view-log';
import { writeViewEvents } from '../core/audit/view-events';
import { absent, forbidden } from '../core/errors';
import { formPage } from '../core/forms/print-page';
import { sendHtml, sendXlsx, viewerRoute, type RouteServer } from './route';

/** Renders the workbook `write` filled; answers how to send it once the VIEW events are written. */
type FormFormat = (book: ExcelJS.Workbook, fileName: string) => Promise<(res: express.Response) => void>;

const FORMATS = {
  xlsx: async (book, fileName) => {
    const buffer = (await book.xlsx.writeBuffer()) as ArrayBuffer;
    return (res) => sendXlsx(res, fileName, buffer);
  },
  // Titled by the name without .xlsx: the name a browser proposes for the PDF it saves.
  html: async (book, fileName) => {
    const name = fileName.replace(/\.xlsx$/, '');
    const page = formPage(book, name);
    return (res) => sendHtml(res, `${name}.html`, page);
  },
} satisfies Record<string, FormFormat>;

/**
 * GET /forms/<Resource>/<id>.xlsx — one record laid out as its seed's paper form (附件3-1, 附件4),
 * for a caller who may read it, every value under the same field rules as the API; `.html` is the
 * same sheet as a page to print from the browser.
 */
export function formsRoute(server: RouteServer, format: keyof typeof FORMATS): express.RequestHandler {
  const render: FormFormat = FORMATS[format];
  return viewerRoute(server, 'print form', '生成打印表失败', async (req, res, { em, viewer, scoped }) => {
    const resource = resourceNamed(String(req.params.resource));
    const form = resource?.printForm;
    if (!resource || !form) throw absent('没有这种打印表');
    if (!can(viewer, resource, 'read')) throw forbidden(`当前角色不能查看${resource.label}`);
    const id = String(req.params.id);
    checkId(id, 'id');
    // Outside the row scope answers as if absent, like the API's single reads.
    const row = await scoped.byId(resource, id);
    if (!row) throw absent(`找不到${resource.label}`);

    const views = new ViewLog();
    const book = new ExcelJS.Workbook();
    book.creator = '家访管理平台';
    const { fileName } = await form.write({ book, row, em, viewer, views });
    const send = await render(book, fileName);
    // The VIEW event is written before the form leaves, so no print of a full 身份证号 goes unrecorded.
    const entries = views.entries();
    if (entries.length) {
      await writeViewEvents(server.orm, viewer, entries.map((e) => ({ ...e, details: { print: resource.name, id } })), server.log);
    }
    send(res);
  });
}
