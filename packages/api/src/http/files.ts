import type express from 'express';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { resourceOf } from '../core/resource/registry';
import { rowScope } from '../core/access/scope';
import { UUID } from '../core/crud/where';
import { Attachment } from '../files/attachment.entity';
import { viewerFromRequest } from './context';

/** GET /files/:id — the file, for a bearer token allowed to read the record it belongs to. */
export function filesRoute(orm: MikroORM, secret: string): express.RequestHandler {
  return async (req, res) => {
    const em = orm.em.fork() as EntityManager;
    const { viewer } = await viewerFromRequest(req, em, secret);
    if (!viewer) return void res.status(401).json({ code: 'UNAUTHENTICATED', message: '请先登录' });
    const id = String(req.params.id);
    const file = UUID.test(id)
      ? await em.findOne(Attachment, { $and: [rowScope(resourceOf(Attachment), viewer), { id }] }, { populate: ['content'] })
      : null;
    if (!file) return void res.status(404).json({ code: 'NOT_FOUND', message: '找不到附件' });
    res.setHeader('Content-Type', file.mimeType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(file.content);
  };
}
