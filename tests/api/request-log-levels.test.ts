import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { logFieldsOf, requestLogging } from '../../packages/api/src/http/observe';

// The request log at each level: at info one line per request (observability.test.ts); at warn
// and above no line for a request that went well, and for one that failed the same line as at info.

async function serve(level: string): Promise<{ url: string; lines: () => any[]; childLoggers: boolean[]; close: () => Promise<void> }> {
  const lines: string[] = [];
  const childLoggers: boolean[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
  const handlers = requestLogging(pino({ level }, sink)) as unknown as Array<(req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void>;
  const route = (req: http.IncomingMessage & { log?: unknown }, res: http.ServerResponse & { locals?: object }) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/ok') childLoggers.push(req.log !== undefined);
    if (path === '/broken') {
      res.locals = {};
      Object.assign(logFieldsOf(res as never), { role: 'TEACHER', errorCode: 'INTERNAL_SERVER_ERROR' });
    }
    res.statusCode = path === '/ok' ? 200 : path === '/broken' ? 500 : 503;
    res.end(path === '/ok' ? '好' : 'x');
  };
  // The two middlewares as Express runs them, over Node's own server.
  const app = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const run = (i: number): void => (i < handlers.length ? handlers[i](req, res, () => run(i + 1)) : route(req, res));
    run(0);
  };
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, lines: () => lines.map((l) => JSON.parse(l)), childLoggers, close: () => new Promise((r) => server.close(() => r())) };
}

it('writes nothing for good requests at warn, and a failed request as it is written at info', async () => {
  const info = await serve('info');
  const warn = await serve('warn');
  try {
    for (const s of [info, warn]) {
      const ok = await fetch(`${s.url}/ok`, { headers: { 'x-request-id': 'ok-1' } });
      expect(ok.headers.get('x-request-id')).toBe('ok-1');
      expect((await fetch(`${s.url}/ok`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await fetch(`${s.url}/broken`, { headers: { 'x-request-id': 'broken-1' } });
      await fetch(`${s.url}/readyz`);
    }
    await new Promise((r) => setTimeout(r, 50));
    // pino-http (a child logger per request) at info only.
    expect(info.childLoggers).toEqual([true, true]);
    expect(warn.childLoggers).toEqual([false, false]);
    expect(info.lines().filter((l) => l.msg === 'request')).toHaveLength(2);
    expect(warn.lines().filter((l) => l.level < 50)).toEqual([]);
    const failed = (s: typeof info) => s.lines().filter((l) => l.req?.id === 'broken-1');
    expect(failed(warn)).toHaveLength(1);
    const shape = (l: any) => ({ ...l, time: undefined, responseTime: undefined, pid: undefined, hostname: undefined });
    expect(shape(failed(warn)[0])).toEqual(shape(failed(info)[0]));
    expect(failed(warn)[0]).toMatchObject({ level: 50, msg: 'request failed', role: 'TEACHER', errorCode: 'INTERNAL_SERVER_ERROR', req: { method: 'GET', path: '/broken' }, res: { status: 500 } });
    // A probe's 503 (starting up) is no failure at either level.
    for (const s of [info, warn]) expect(s.lines().some((l) => l.req?.path === '/readyz')).toBe(false);
  } finally {
    await info.close();
    await warn.close();
  }
});
