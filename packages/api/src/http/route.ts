import { noteError, noteViewer } from './observe';
import type { LoginThrottle } from '../core/auth/throttle';
import type express from 'express';
import type { MikroORM } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import type { Context, Viewer } from '../core/context';
import { passwordChangeRequired, unauthenticated } from '../core/errors';
import { buildContext } from './context';
import { isDatabaseUnavailable } from '../db/unavailable';
import { sendUnavailable } from './unavailable';
import { describeForLog } from '../db/error-log';
import { timingRefusal } from '../core/crud/db-errors';
import type { UserRows } from './viewer';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Names the download (Chinese file names survive as RFC 5987 UTF-8); `inline` for a page shown in the browser. */
export function attachment(res: express.Response, fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): void {
  res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(fileName)}`);
}

/** Answers a workbook as a download that no cache keeps (it may hold children's data). */
export function sendXlsx(res: express.Response, fileName: string, content: Buffer | ArrayBuffer): void {
  res.setHeader('Content-Type', XLSX);
  res.setHeader('Cache-Control', 'no-store');
  attachment(res, fileName);
  res.end(Buffer.isBuffer(content) ? content : Buffer.from(content));
}

/**
 * Answers a page of a record (a printable form) that no cache keeps. Named inline: the admin tells
 * it from its own index.html, which it gets when a server lacks the route, by that header.
 */
export function sendHtml(res: express.Response, fileName: string, html: string): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  attachment(res, fileName, 'inline');
  res.end(html);
}

// PAYLOAD_TOO_LARGE and UNSUPPORTED_MEDIA_TYPE are HTTP refusals of an upload (POST /files).
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PAYLOAD_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415, TIMEOUT: 504,
};

/**
 * Answers a refusal (the same GraphQLError the API would raise) as JSON with its HTTP status;
 * anything else is logged and answered 500 without details.
 */
export function sendApiError(res: express.Response, err: unknown, log: (m: string) => void, what: string, message: string): void {
  if (isDatabaseUnavailable(err) || (err instanceof GraphQLError && err.extensions.code === 'SERVICE_UNAVAILABLE')) {
    noteError(res, 'SERVICE_UNAVAILABLE');
    return sendUnavailable(res);
  }
  const refusal = err instanceof GraphQLError ? err : timingRefusal(err);
  const status = refusal ? STATUS[String(refusal.extensions.code)] : undefined;
  if (status) {
    noteError(res, String(refusal!.extensions.code));
    return void res.status(status).json({ message: refusal!.message, ...refusal!.extensions });
  }
  noteError(res, 'INTERNAL_SERVER_ERROR');
  log(`${what} failed: ${describeForLog(err)}`);
  res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message });
}

/** What a route beside the GraphQL API needs of the server. */
export interface RouteServer {
  orm: MikroORM;
  secret: string;
  log: (m: string) => void;
  /** One of the caller's export slots (a release function), or null once answered 429. */
  exportSlot?: (req: express.Request, res: express.Response) => (() => void) | null;
  loginThrottle: LoginThrottle;
  /** User rows remembered between requests. */
  viewers?: UserRows;
}

/**
 * A download or upload beside the GraphQL API: the request's context with a signed-in viewer
 * (else 401, saying when the login has expired), and every refusal thrown as the API's errors
 * (`forbidden`, `badField`, `absent` …) answered like `sendApiError`. `what` names the route in
 * the server log; `failure` is the client's message when it fails for a reason of the server's.
 */
export function viewerRoute(
  server: RouteServer,
  what: string,
  failure: string,
  handle: (req: express.Request, res: express.Response, ctx: Context & { viewer: Viewer }) => Promise<void>,
): express.RequestHandler {
  return async (req, res) => {
    try {
      const ctx = await buildContext(req, server.orm, server.secret, server.loginThrottle, { viewers: server.viewers });
      noteViewer(res, ctx.viewer);
      if (!ctx.viewer) throw unauthenticated(ctx.authError === 'expired' ? '登录已过期，请重新登录' : '请先登录');
      if (ctx.viewer.mustChangePassword) throw passwordChangeRequired();
      await handle(req, res, ctx as Context & { viewer: Viewer });
    } catch (err) {
      if (!res.headersSent) return sendApiError(res, err, server.log, what, failure);
      server.log(`${what} failed after answering: ${describeForLog(err)}`);
      res.end();
    }
  };
}
