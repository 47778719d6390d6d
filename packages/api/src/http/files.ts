import type express from 'express';
import { resourceOf } from '../core/resource/registry';
import { UUID } from '../core/crud/where';
import { Attachment } from '../files/attachment.entity';
import { absent } from '../core/errors';
import { attachment, viewerRoute, type RouteServer } from './route';

/** GET /files/:id — the file, for a bearer token allowed to read the record it belongs to. */
export function filesRoute(server: RouteServer): express.RequestHandler {
  return viewerRoute(server, 'file download', '读取附件失败', async (req, res, { scoped }) => {
    const id = String(req.params.id);
    const file = UUID.test(id) ? await scoped.byId<Attachment>(resourceOf(Attachment), id, { populate: ['content'] }) : null;
    if (!file) throw absent('找不到附件');
    res.setHeader('Content-Type', file.mimeType);
    res.setHeader('Content-Length', String(file.size));
    attachment(res, file.fileName);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(file.content);
  });
}
