import type { LoginThrottle } from '../core/auth/throttle';
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import type { Context, Viewer } from '../core/context';
import { Loaders } from '../core/crud/loaders';
import { DataGateway, type RunSql } from '../core/data/gateway';
import { ScopedOrm } from '../core/data/scoped-orm';
import { POLICY_RULES } from '../core/data/access-rules';
import { sqlRunner } from '../db/run-sql';
import { requestHash } from '../core/bulk/idempotency';
import { SINGLE_WRITE, type WriteKey } from '../core/crud/write-key';
import { ViewLog } from '../core/audit/view-log';
import { setActor } from '../core/audit/actor';
import { verifyToken } from '../core/auth/token';
import { activeUser, tokenByHash, viewerForUser, type TokenRow, type UserRow, type UserRows } from './viewer';
import { ApiToken } from '../auth/api-token.entity';
import { API_TOKEN_PREFIX, API_TOKEN_SHAPE, hashApiToken } from '../auth/account.resolver';
import { Role } from '../org/org.enums';

export interface RequestContext extends Context {
  /** Why the bearer token was refused, if one was sent and refused. */
  authError?: 'expired' | 'invalid';
  /** The HTTP answer, for the request's log fields (GraphQL requests only). */
  res?: import('express').Response;
}

/**
 * Reads the bearer token and its user: fresh, or as remembered by `viewers` until a change to the
 * user's tables is committed, so a disabled account loses access at once.
 */
export async function viewerFromRequest(req: Request, em: EntityManager, secret: string, run: RunSql, viewers?: UserRows): Promise<{ viewer: Viewer | null; authError?: 'expired' | 'invalid' }> {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m) return { viewer: null };
  if (m[1].startsWith(API_TOKEN_PREFIX)) return apiTokenViewer(m[1].trim(), em, run, viewers);
  const verified = verifyToken(m[1].trim(), secret);
  if ('error' in verified) return { viewer: null, authError: verified.error };
  const load = () => activeUser(verified.userId, run, em.getMetadata());
  const user = (await (viewers ? viewers.get(verified.userId, load) : load())) as UserRow | undefined;
  if (!user) return { viewer: null, authError: 'invalid' };
  // Issued before a password change or a disable: revoked, the user logs in again.
  if (user.token_version !== verified.tokenVersion) return { viewer: null, authError: 'expired' };
  return { viewer: viewerForUser(user) };
}

/**
 * An integration's API token: valid while neither revoked nor expired. Remembered like a user
 * (`viewers`), and forgotten the same way: a trigger on api_token notifies when one is created,
 * revoked or deleted (not when it is only used).
 */
async function apiTokenViewer(token: string, em: EntityManager, run: RunSql, viewers?: UserRows): Promise<{ viewer: Viewer | null; authError?: 'expired' | 'invalid' }> {
  // Not even shaped like one of ours: refused without a read.
  if (!API_TOKEN_SHAPE.test(token)) return { viewer: null, authError: 'invalid' };
  const hash = hashApiToken(token);
  const load = () => tokenByHash(hash, run);
  const found = (await (viewers ? viewers.get(`token:${hash}`, load, { rememberMissing: false }) : load())) as TokenRow | undefined;
  if (!found || found.revoked_at) return { viewer: null, authError: 'invalid' };
  if (found.expires_at && new Date(found.expires_at).getTime() <= Date.now()) return { viewer: null, authError: 'expired' };
  const lastUsed = found.last_used_at;
  if (!lastUsed || Date.now() - new Date(lastUsed).getTime() > 60_000) {
    // Touched first, so requests arriving meanwhile do not write it again; untouched if the write fails.
    found.last_used_at = new Date();
    try {
      await em.nativeUpdate(ApiToken, { id: found.id }, { lastUsedAt: found.last_used_at });
    } catch (err) {
      found.last_used_at = lastUsed;
      throw err;
    }
  }
  return {
    viewer: {
      // The token's own id, never its creator's: what a token does must not pass as the person's.
      userId: found.id,
      username: `token:${found.prefix}`,
      displayName: `接口令牌 ${found.name}`,
      role: Role.INTEGRATION,
      bureauId: found.bureau_id,
      schoolId: null,
      staffId: null,
      schoolIds: [],
      studentIds: [],
      tokenId: found.id,
    },
  };
}

export async function buildContext(
  req: Request,
  orm: MikroORM,
  secret: string,
  loginThrottle: LoginThrottle,
  options: { viewers?: UserRows; answerTexts?: boolean } = {},
): Promise<RequestContext> {
  const em = orm.em.fork() as EntityManager;
  const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
  const run = sqlRunner(orm);
  const { viewer, authError } = await viewerFromRequest(req, em, secret, run, options.viewers);
  setActor(em, { viewer, requestId });
  const views = new ViewLog();
  const data = new DataGateway(orm.getMetadata(), POLICY_RULES, run, viewer, views, { answerTexts: options.answerTexts });
  const scoped = new ScopedOrm(em, viewer);
  return { em, viewer, requestId, loaders: new Loaders(scoped), data, scoped, views, authError, clientAddress: clientAddressOf(req), loginThrottle, writeKey: writeKeyOf(req) };
}

/** `Idempotency-Key` with the request it keys: the same key with another request is refused. */
function writeKeyOf(req: Request): WriteKey | undefined {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || !key) return undefined;
  const { query, operationName, variables } = (req.body ?? {}) as Record<string, unknown>;
  return { key, hash: requestHash(SINGLE_WRITE, { query, operationName: operationName ?? null, variables: variables ?? null }) };
}

/** The client's address: the socket's, or the X-Forwarded-For hop TRUST_PROXY names (Express's req.ip). */
export function clientAddressOf(req: Request): string {
  // req.ip is undefined only once the socket has closed.
  return req.ip ?? '';
}
