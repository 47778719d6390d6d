import { createHash } from 'node:crypto';
import type express from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { verifyToken } from '../core/auth/token';
import { int } from './limits';
import type { LimitStore } from './limit-store';
import type { LoginLimits } from '../core/auth/throttle';

/**
 * Requests per minute per caller (a signed-in user, an API token, else the client address) on
 * GraphQL and on downloads, answered 429 with Retry-After past the limit; and exports running at
 * once per caller. Counted in the limit store (limit-store.ts: PostgreSQL, or Redis with
 * REDIS_URL), so the limit holds across processes; exports at once are per process.
 */
export interface RateLimits {
  graphqlPerMinute: number;
  downloadsPerMinute: number;
  exportsAtOnce: number;
}

export function readRateLimits(env: NodeJS.ProcessEnv = process.env): RateLimits {
  return {
    graphqlPerMinute: int(env.RATE_LIMIT_GRAPHQL_PER_MINUTE, 600),
    downloadsPerMinute: int(env.RATE_LIMIT_DOWNLOADS_PER_MINUTE, 60),
    exportsAtOnce: int(env.RATE_LIMIT_EXPORTS_AT_ONCE, 2),
  };
}

/** Failed logins allowed per user and per address within the window (LOGIN_* settings). */
export function readLoginLimits(env: NodeJS.ProcessEnv = process.env): LoginLimits {
  return { windowSeconds: int(env.LOGIN_WINDOW_SECONDS, 900), perUser: int(env.LOGIN_MAX_FAILURES, 5), perAddress: int(env.LOGIN_MAX_FAILURES_PER_ADDRESS, 30) };
}

/** For one client that must not be held back: benchmarks, and tests that send thousands of requests as one user. */
export const NO_RATE_LIMITS: RateLimits = { graphqlPerMinute: 1e9, downloadsPerMinute: 1e9, exportsAtOnce: 1000 };

/** Who a request counts against: the user of a valid login token, an API token, or the address. */
export function callerKey(req: express.Request, secret: string): string {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const token = m?.[1].trim();
  if (token?.startsWith('jft_')) return `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
  if (token) {
    const verified = verifyToken(token, secret);
    if (!('error' in verified)) return `u:${verified.userId}`;
  }
  return `ip:${req.ip ?? req.socket.remoteAddress ?? ''}`;
}

function tooMany(req: express.Request, res: express.Response, retryAfterMs: number, message: string): void {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  res.setHeader('Retry-After', String(seconds));
  const body = { message: `${message}，请 ${seconds} 秒后再试`, code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: seconds };
  res.status(429);
  if (req.baseUrl.startsWith('/graphql') || req.path.startsWith('/graphql')) {
    const { message: text, ...extensions } = body;
    res.json({ errors: [{ message: text, extensions }] });
  } else res.json(body);
}

export interface RateLimiting {
  graphql: express.RequestHandler;
  downloads: express.RequestHandler;
  /** Takes one of the caller's export slots: a release function, or null (answered 429) when all are in use. */
  exportSlot(req: express.Request, res: express.Response): (() => void) | null;
}

export function rateLimiting(limits: RateLimits, secret: string, store: LimitStore): RateLimiting {
  const graphql = store.limiter('graphql', limits.graphqlPerMinute, 60);
  const downloads = store.limiter('downloads', limits.downloadsPerMinute, 60);
  const middleware = (l: RateLimiterAbstract, message: string): express.RequestHandler => async (req, res, next) => {
    try {
      await l.consume(callerKey(req, secret));
      next();
    } catch (err) {
      if (err instanceof RateLimiterRes) return tooMany(req, res, err.msBeforeNext, message);
      // The store failed (PostgreSQL down): the request goes on; the database answers it as it can.
      next();
    }
  };
  const running = new Map<string, number>();
  return {
    graphql: middleware(graphql, '请求过于频繁'),
    downloads: middleware(downloads, '下载、导入与上传过于频繁'),
    exportSlot(req, res) {
      const key = callerKey(req, secret);
      const now = running.get(key) ?? 0;
      if (now >= limits.exportsAtOnce) {
        tooMany(req, res, 5000, `最多同时进行 ${limits.exportsAtOnce} 个导出`);
        return null;
      }
      running.set(key, now + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (running.get(key) ?? 1) - 1;
        if (left > 0) running.set(key, left);
        else running.delete(key);
      };
    },
  };
}
