import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import type { Context, Viewer } from '../core/context';
import { Loaders } from '../core/crud/loaders';
import { ViewLog } from '../core/audit/view-log';
import { setActor } from '../core/audit/actor';
import { verifyToken } from '../core/auth/token';
import { User } from '../org/user.entity';
import { viewerOf } from './viewer';

export interface RequestContext extends Context {
  /** Why the bearer token was refused, if one was sent and refused. */
  authError?: 'expired' | 'invalid';
}

/** Reads the bearer token and loads its user fresh, so a disabled account loses access at once. */
export async function viewerFromRequest(req: Request, em: EntityManager, secret: string): Promise<{ viewer: Viewer | null; authError?: 'expired' | 'invalid' }> {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m) return { viewer: null };
  const verified = verifyToken(m[1].trim(), secret);
  if ('error' in verified) return { viewer: null, authError: verified.error };
  const user = await em.findOne(User, { id: verified.userId, active: true });
  if (!user) return { viewer: null, authError: 'invalid' };
  return { viewer: await viewerOf(user, em) };
}

export async function buildContext(req: Request, orm: MikroORM, secret: string): Promise<RequestContext> {
  const em = orm.em.fork() as EntityManager;
  const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
  const { viewer, authError } = await viewerFromRequest(req, em, secret);
  setActor(em, { viewer, requestId });
  return { em, viewer, requestId, loaders: new Loaders(em, viewer), views: new ViewLog(), authError };
}
