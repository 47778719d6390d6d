import type express from 'express';
import { describeForLog } from '../db/error-log';

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
    // body-parser names its cap (a body sent without a length, refused once past it): said as
    // limits.ts says it for a declared length, so both answers read alike.
    const limit = (err as { limit?: unknown }).limit;
    const cap = status === 413 && typeof limit === 'number' ? { max: limit } : undefined;
    const [code, message] =
      status === 413 ? ['PAYLOAD_TOO_LARGE', cap ? `请求体过大：最多 ${cap.max} 字节（文件请用 POST /files 上传）` : '请求体过大']
      : status < 500 ? ['BAD_REQUEST', '请求格式无效：请求体应为 JSON']
      : ['INTERNAL_SERVER_ERROR', '服务器内部错误，请稍后再试'];
    res.status(status);
    if (req.path.startsWith('/graphql')) res.json({ errors: [{ message, extensions: { code, ...cap } }] });
    else res.json({ code, message, ...cap });
  };
}
