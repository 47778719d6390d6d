import { randomUUID } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { RequestHandler, Response } from 'express';

// A top list the read compiler answered as JSON text (DataGateway.listText) goes into the answer
// as it is: the executor leaves a mark in its place, and the mark is replaced in the body Apollo
// serialized. The mark holds a random nonce per request, so no value in the answer can forge it.

const TEXTS = Symbol('answerTexts');

/** Puts marks for `texts` (by response key) into the result and keeps the texts for `res`. */
export function markTexts(result: ExecutionResult, texts: Map<string, string>, res: Response): void {
  const data = result.data as Record<string, unknown> | null | undefined;
  if (!data) return;
  const nonce = randomUUID();
  const marks: Array<[string, string]> = [];
  for (const [key, text] of texts) {
    if (!(key in data)) continue;
    const mark = `jf-text:${nonce}:${marks.length}`;
    data[key] = mark;
    marks.push([JSON.stringify(mark), text]);
  }
  (res.locals as Record<symbol, unknown>)[TEXTS] = marks;
}

/** Replaces the marks of a GraphQL answer's body with their texts as the answer is sent. */
export function answerTexts(): RequestHandler {
  return (_req, res, next) => {
    const send = res.send;
    res.send = function (body?: unknown) {
      const marks = (res.locals as Record<symbol, Array<[string, string]> | undefined>)[TEXTS];
      if (marks?.length && typeof body === 'string') body = spliced(body, marks);
      return send.call(this, body);
    };
    next();
  };
}

function spliced(body: string, marks: Array<[string, string]>): string {
  let out = body;
  for (const [mark, text] of marks) {
    const at = out.indexOf(mark);
    if (at >= 0) out = out.slice(0, at) + text + out.slice(at + mark.length);
  }
  return out;
}
