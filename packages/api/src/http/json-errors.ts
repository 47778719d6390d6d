import type express from 'express';
import { describeForLog } from '../db/error-log';
import { payloadTooLarge } from './limits';

/**
 * The last handler: an error no route answered (a malformed JSON body, a body over the limit) is
 * answered as JSON in every mode. Express's own page would show a stack trace and install paths
 * whenever NODE_ENV is not production. /graphql answers in GraphQL's shape, the other routes in
 * theirs (`{ code, message }`).
 */
export function jsonErrors(log: (m: string) => void): express.ErrorRequestHandler {
  return (err, req, res, _next) => {
    const given = (err as { status?: unknown } | null)?.status;
    const status = typeof given === 'number' && given >= 400 && given < 500 ? given : 500;
    if (status === 500) log(`${req.method} ${req.path} failed: ${describeForLog(err)}`);
    if (res.headersSent) return void res.end();
    // body-parser names its cap (a body sent without a length, refused once past it).
    const limit = (err as { limit?: unknown }).limit;
    const { message, ...extensions }: { message: string; code: string; max?: number } =
      status === 413 && typeof limit === 'number' ? payloadTooLarge(limit)
      : status === 413 ? { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' }
      : status < 500 ? { code: 'BAD_REQUEST', message: '请求格式无效：请求体应为 JSON' }
      : { code: 'INTERNAL_SERVER_ERROR', message: '服务器内部错误，请稍后再试' };
    res.status(status);
    if (req.path.startsWith('/graphql')) res.json({ errors: [{ message, extensions }] });
    else res.json({ message, ...extensions });
  };
}
