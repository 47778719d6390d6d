/**
 * Whether an error means the database cannot be reached right now (stopped, restarting, the
 * network down, every connection busy), as opposed to a bad query or a refused write: the
 * request may be retried later and the answer is 503, not 500.
 *
 * Errors arrive from pg, from knex (which prefixes the SQL to the message), wrapped by MikroORM
 * (DriverException copies `code` and `message`), inside GraphQLError.originalError, as
 * `cause`, or as an AggregateError (Node tries each address of a host name); all are unwrapped.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return visit(err, 0);
}

// SQLSTATE codes: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// Node's socket errors on connect or while connected.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EAI_AGAIN', 'ENOTFOUND']);

const MESSAGES = [
  /Connection terminated/i, // pg: "… unexpectedly", "… due to connection timeout"
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Connection ended unexpectedly/i, // knex marks a pg connection so when it ends
  /Timeout acquiring a connection/i, // knex: the pool could not hand out a connection in time
  /timeout exceeded when trying to connect/i, // pg-pool
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /terminating connection due to administrator command/i,
  // knex ends a transaction whose connection broke; the unit of work's next statement in it then
  // meets this instead of the connection error (seen when the postmaster was killed mid-flush).
  // Our code never reuses a finished transaction, so here it means the connection went away.
  /Transaction query already complete/i,
];

function visit(err: unknown, depth: number): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SQLSTATES.has(code) || SOCKET_CODES.has(code)) return true;
  // Class 08: connection exceptions (08000, 08003, 08006, 08001, 08004 …).
  if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  if (e.name === 'KnexTimeoutError' || e.name === 'ConnectionException') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (MESSAGES.some((m) => m.test(message))) return true;
  if (visit(e.originalError, depth + 1) || visit(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => visit(inner, depth + 1));
}
