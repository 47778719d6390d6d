// Counting the SQL statements a server sends, from outside its process: a TCP proxy between the
// server and PostgreSQL that reads the client half of the wire protocol. Every simple Query ('Q')
// and every Execute ('E') of the extended protocol counts once: a round trip (a Query of several
// statements, as Jiafang sends a write's BEGIN with its first statement and its audit row with its COMMIT, is one); Parse ('P') and Bind ('B')
// tell which text an Execute runs, so statements are sorted into transaction control
// (BEGIN/COMMIT/…), settings (SET, set_config) and the rest. It needs no privilege, no restart
// and no server log, so it works the same on the embedded cluster and on any BENCH_DATABASE_URL.
// The proxy costs a hop per statement, so it only ever fronts separate, untimed server processes.
import net from 'node:net';
import { onCleanup } from './cleanup.ts';

export interface StatementCounts {
  total: number;
  transaction: number;
  settings: number;
  /** The statements that read or write data (total minus transaction control and settings). */
  work: number;
}

export interface CountingProxy {
  /** `databaseUrl` with its host and port pointing at the proxy. */
  url: string;
  counts(): StatementCounts;
  /** The statements' texts seen since the last call (kept only while `recording`). */
  takeTexts(): string[];
  recording: boolean;
  /** Connections whose traffic could not be read (TLS). */
  opaque(): number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

function kind(sql: string): 'transaction' | 'settings' | 'work' {
  const s = sql.trimStart().replace(/^(\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*)+/, '').toLowerCase();
  // Jiafang sends a transaction's BEGIN with its first statement: the message is that statement.
  if (/^begin;\s*\S/.test(s)) return kind(s.replace(/^begin;\s*/, ''));
  if (/^(begin|start transaction|commit|rollback|end|savepoint|release)\b/.test(s)) return 'transaction';
  if (/^(set|reset)\b/.test(s) || /^select\s+set_config\(/.test(s)) return 'settings';
  return 'work';
}

/** Reads the client→server messages of one connection and counts its statements. */
class ClientStream {
  private buffer: Buffer = Buffer.alloc(0);
  private startup = true;
  private statements = new Map<string, string>();
  private portals = new Map<string, string>();
  awaitingSslAnswer = false;
  opaque = false;

  private readonly count: (sql: string) => void;

  constructor(count: (sql: string) => void) {
    this.count = count;
  }

  push(chunk: Buffer): void {
    if (this.opaque) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.startup) {
        // Untyped: length (int32, itself included), then the body.
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSS_REQUEST) this.awaitingSslAnswer = true;
        else this.startup = false; // the StartupMessage (or a CancelRequest, after which nothing follows)
        this.buffer = this.buffer.subarray(length);
        continue;
      }
      if (this.buffer.length < 5) return;
      const type = String.fromCharCode(this.buffer[0]);
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      const body = this.buffer.subarray(5, 1 + length);
      this.buffer = this.buffer.subarray(1 + length);
      this.message(type, body);
    }
  }

  private message(type: string, body: Buffer): void {
    const strings = (n: number) => {
      const out: string[] = [];
      let at = 0;
      for (let i = 0; i < n; i++) {
        const end = body.indexOf(0, at);
        out.push(body.toString('utf8', at, end));
        at = end + 1;
      }
      return out;
    };
    if (type === 'Q') this.count(strings(1)[0]);
    else if (type === 'P') {
      const [name, sql] = strings(2);
      this.statements.set(name, sql);
    } else if (type === 'B') {
      const [portal, statement] = strings(2);
      this.portals.set(portal, statement);
    } else if (type === 'E') {
      const [portal] = strings(1);
      this.count(this.statements.get(this.portals.get(portal) ?? '') ?? '');
    } else if (type === 'C' && body[0] === 'S'.charCodeAt(0)) {
      this.statements.delete(body.toString('utf8', 1, body.indexOf(0, 1)));
    }
  }
}

/** Starts a proxy on a free loopback port that forwards to `databaseUrl`'s server and counts. */
export async function startCountingProxy(databaseUrl: string): Promise<CountingProxy> {
  const target = new URL(databaseUrl);
  const host = target.hostname || '127.0.0.1';
  const port = Number(target.port || 5432);
  const counts: StatementCounts = { total: 0, transaction: 0, settings: 0, work: 0 };
  let texts: string[] = [];
  const count = (sql: string) => {
    counts.total++;
    counts[kind(sql)]++;
    if (proxy.recording) texts.push(sql);
  };
  const streams: ClientStream[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    sockets.add(client).add(upstream);
    const stream = new ClientStream(count);
    streams.push(stream);
    client.on('data', (chunk) => {
      stream.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      // The answer to an SSLRequest is one byte: 'S' means TLS follows, which we cannot read.
      if (stream.awaitingSslAnswer) {
        stream.awaitingSslAnswer = false;
        if (chunk[0] === 'S'.charCodeAt(0)) stream.opaque = true;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const proxyPort = (server.address() as net.AddressInfo).port;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(proxyPort);
  const close = onCleanup('close the statement-counting proxy', async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const proxy: CountingProxy = {
    url: url.toString(),
    counts: () => ({ ...counts }),
    takeTexts: () => texts.splice(0),
    recording: false,
    opaque: () => streams.filter((s) => s.opaque).length,
    close,
  };
  return proxy;
}

/**
 * Waits (up to 10 s) until the server has sent no statement for a second: a server's own work
 * (a scheduler starting, the user listener's first ping) is not a request's.
 */
async function quiet(proxy: CountingProxy): Promise<void> {
  const until = Date.now() + 10_000;
  let last = proxy.counts().total;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = proxy.counts().total;
    if (now === last) return;
    last = now;
  }
}

/**
 * Statements per request: one request to warm up (the first may load metadata), then `n` in a row,
 * each counted alone; the median of each kind over them. A server's own background work (the
 * reminders' scheduler, the user listener's heartbeat every 5 s) may fall within one request's
 * count, and the median leaves it out. Nothing else may use the server meanwhile. With `show`,
 * one more request's statements are handed to it (BENCH_SHOW_SQL=1).
 */
export async function statementsPerRequest(proxy: CountingProxy, request: () => Promise<unknown>, n = 10, show?: (texts: string[]) => void): Promise<StatementCounts> {
  await request();
  await quiet(proxy);
  const each: StatementCounts[] = [];
  for (let i = 0; i < n; i++) {
    const before = proxy.counts();
    await request();
    const after = proxy.counts();
    each.push({ total: after.total - before.total, transaction: after.transaction - before.transaction, settings: after.settings - before.settings, work: after.work - before.work });
  }
  if (show) {
    // One more, to show what a request sends.
    proxy.takeTexts();
    proxy.recording = true;
    await request();
    proxy.recording = false;
    show(proxy.takeTexts());
  }
  const median = (k: keyof StatementCounts) => {
    const sorted = each.map((c) => c[k]).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  return { total: median('total'), transaction: median('transaction'), settings: median('settings'), work: median('work') };
}
