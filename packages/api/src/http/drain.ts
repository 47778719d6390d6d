import fs from 'node:fs';
import type http from 'node:http';
import net from 'node:net';

/** An idle connection is kept this long once the drain begins, in case a request is on its way. */
const IDLE_GRACE_MS = 500;

export interface Drainer {
  /** Requests being answered now. */
  inFlight(): number;
  /** Whether a drain has begun (answers then carry `Connection: close`). */
  draining(): boolean;
  /**
   * Stops accepting connections and resolves once every connection has ended: requests in
   * flight finish; after `graceMs` the connections still busy are cut (their number is returned).
   */
  drain(graceMs: number): Promise<{ cut: number }>;
}

/**
 * Tracks connections and requests so a stop loses no request a client has already sent.
 * Node's own close() (and Apollo's drain plugin, which calls it) stops listening at once, which
 * resets the connections still waiting in the kernel's accept queue, and ends every connection
 * with no request in progress, including those accepted but not read yet. On a busy server
 * (the event loop taken by the responses being built) Node accepts about one connection per
 * turn of the loop, so dozens of requests already sent were lost that way. Here the listener
 * stays open until the accept queue is empty (new clients are then refused), and idle
 * connections get a short grace.
 */
export function trackConnections(server: http.Server): Drainer {
  const requests = new Map<net.Socket, number>();
  const idleSince = new Map<net.Socket, number>();
  let inFlight = 0;
  let draining = false;

  server.on('connection', (socket: net.Socket) => {
    requests.set(socket, 0);
    idleSince.set(socket, Date.now());
    socket.once('close', () => {
      requests.delete(socket);
      idleSince.delete(socket);
    });
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    inFlight++;
    requests.set(socket, (requests.get(socket) ?? 0) + 1);
    idleSince.delete(socket);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight--;
      const left = Math.max(0, (requests.get(socket) ?? 1) - 1);
      requests.set(socket, left);
      if (left > 0) return;
      idleSince.set(socket, Date.now());
      if (draining) socket.end();
    });
  });

  return {
    inFlight: () => inFlight,
    draining: () => draining,
    async drain(graceMs) {
      draining = true;
      const deadline = Date.now() + graceMs;
      // Accept what waits in the kernel's queue: one connection per turn of the event loop (libuv),
      // so on a busy server this takes a while. Bounded by the grace period under endless load.
      const port = (server.address() as net.AddressInfo | null)?.port;
      for (let turn = 0; ; turn++) {
        await new Promise((r) => (turn < 3 ? setImmediate(r) : setTimeout(r, 5)));
        const queued = port ? acceptQueue(port) : undefined;
        if ((turn >= 2 && !queued) || Date.now() >= deadline) break;
      }
      // net.Server's close: stop listening, without http.Server's ending of "idle" connections.
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
      let cut = 0;
      const timer = setInterval(() => {
        const now = Date.now();
        for (const [socket, since] of idleSince) if (!socket.writableEnded && now - Math.max(since, deadline - graceMs) >= IDLE_GRACE_MS) socket.end();
        if (now >= deadline) {
          cut ||= inFlight;
          for (const socket of requests.keys()) socket.destroy();
        }
      }, 50);
      await closed;
      clearInterval(timer);
      // http.Server's close on the closed server: clears its request-timeout timer (and reports not running).
      server.close(() => undefined);
      return { cut };
    },
  };
}

/**
 * Connections waiting to be accepted on a listening port: the receive-queue column of a LISTEN
 * socket in /proc/net/tcp{,6} (what `ss -ltn` shows as Recv-Q). Undefined where there is no /proc.
 */
export function acceptQueue(port: number): number | undefined {
  let total: number | undefined;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    total ??= 0;
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state, queues] = line.trim().split(/\s+/);
      if (state !== '0A' || !local || parseInt(local.slice(local.lastIndexOf(':') + 1), 16) !== port) continue;
      total += parseInt(queues.split(':')[1], 16);
    }
  }
  return total;
}
