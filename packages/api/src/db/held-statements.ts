/**
 * A pool connection that holds back statements whose answer nobody waits for and sends them with
 * the next one, in one message: one round trip less each. Each round trip costs the API process a
 * socket write and a wake-up, about 0.1 ms of CPU on a small virtual machine, whatever the
 * statement.
 *
 * Two kinds are held:
 * - a transaction's `BEGIN` (only the exact `BEGIN;` knex sends for a plain transaction; an
 *   isolation level or read-only transaction is sent as it comes);
 * - inside a transaction, a statement marked with `withNext()`: the audit trail's rows, written
 *   with the COMMIT (core/audit/audit-subscriber.ts), and the unit of work's inserts that ask
 *   nothing back (db/held-insert-driver.ts). Outside one it is sent at once.
 *
 * So a create is one message: `BEGIN; <row>; <audit row>; COMMIT;`.
 *
 * The next statement goes out as `<held>; <text>` in one simple query when it has no bound values,
 * and only its own result is answered; a statement with values (the extended protocol takes one
 * statement), a prepared one or a stream gets the held ones in a message of their own first. A
 * `COMMIT;` or `ROLLBACK` with only a BEGIN held ends a transaction that never started: nothing is
 * sent; a ROLLBACK drops the held statements.
 *
 * PostgreSQL runs the statements of a message one after the other, so a failure leaves the
 * transaction aborted, as if each had gone alone; a statement that does not even parse stops the
 * whole message, which is then followed up (leaveAborted). A transaction whose held statement
 * failed never commits: its COMMIT is answered with that failure after a ROLLBACK.
 */

type Callback = (err: Error | null, result?: unknown) => void;
type QueryConfig = { text?: string; values?: unknown[]; name?: string; rowMode?: string; types?: unknown; queryMode?: string; rows?: number };

export interface PgQueryable {
  query(...args: any[]): any;
}

const BEGIN = 'BEGIN;';
const COMMIT = 'COMMIT;';
const ROLLBACK = 'ROLLBACK';
const MARK = '/* with next */ ';
const SAVEPOINT_ROLLBACK = /^ROLLBACK TO SAVEPOINT\b/i;

/** `sql` marked to be held back inside a transaction and sent with the statement after it. */
export function withNext(sql: string): string {
  return MARK + sql;
}

const answer = (command: string) => Object.freeze({ command, rowCount: null, oid: null, rows: [], fields: [] });

export function holdStatements(conn: PgQueryable): void {
  const send = conn.query.bind(conn) as (...args: any[]) => any;
  /** A transaction is open on this connection, or its BEGIN held. */
  let inTransaction = false;
  let beginHeld = false;
  let held: string[] = [];
  /** A held statement failed: this transaction must not commit. */
  let failed: Error | undefined;

  const reset = () => {
    inTransaction = beginHeld = false;
    held = [];
    failed = undefined;
  };
  /** The held statements as they go out, in order; taken (nothing is held after). */
  const takeHeld = (): string[] => {
    const out = beginHeld ? [BEGIN, ...held] : held;
    beginHeld = false;
    held = [];
    return out;
  };

  conn.query = (...args: any[]) => {
    const [config, second, third] = args;
    const callback: Callback | undefined = typeof second === 'function' ? second : typeof third === 'function' ? third : undefined;
    const plain = callback ? plainText(config, second) : undefined;
    const text = plain?.trim();

    if (text === BEGIN && !inTransaction) {
      inTransaction = beginHeld = true;
      queueMicrotask(() => callback!(null, answer('BEGIN')));
      return undefined;
    }
    if (plain?.startsWith(MARK) && inTransaction) {
      held.push(plain);
      queueMicrotask(() => callback!(null, answer('HELD')));
      return undefined;
    }
    if (text !== undefined && SAVEPOINT_ROLLBACK.test(text)) {
      // What is held was asked for after the last statement sent, so inside the savepoint: dropped
      // with it. Once back at the savepoint, a failure after it no longer stands in the COMMIT's way.
      held = [];
      return send(config, (err: Error | null, result: unknown) => {
        if (!err) failed = undefined;
        callback!(err, result);
      });
    }
    if (text === ROLLBACK) {
      const started = !beginHeld;
      reset();
      if (started) return send(...args);
      queueMicrotask(() => callback!(null, answer('ROLLBACK')));
      return undefined;
    }
    if (text === COMMIT) {
      const refused = failed;
      const before = takeHeld();
      reset();
      if (refused) return send(ROLLBACK, () => callback!(refused));
      if (before.length === 1 && before[0] === BEGIN) {
        queueMicrotask(() => callback!(null, answer('COMMIT')));
        return undefined;
      }
      if (!before.length) return send(...args);
      // A failed message never committed; what it opened is rolled back before the caller hears.
      return send(joined(config, before, plain!), (err: Error | null, result: unknown) => (err ? send(ROLLBACK, () => callback!(sentWith(err, before))) : callback!(null, ownResult(result, before.length))));
    }
    if (!beginHeld && !held.length) {
      // A transaction begun as it came (an isolation level): open once PostgreSQL says so.
      if (text !== undefined && /^(BEGIN|START TRANSACTION)\b/i.test(text)) return send(config, (err: Error | null, result: unknown) => ((inTransaction ||= !err), callback!(err, result)));
      return send(...args);
    }

    const before = takeHeld();
    if (plain !== undefined && text) {
      return send(joined(config, before, plain), (err: Error | null, result: unknown) => {
        if (!err) return callback!(null, ownResult(result, before.length));
        if (before.length > 1 || before[0] !== BEGIN) failed ??= sentWith(err, before);
        leaveAborted(send, () => callback!(err));
      });
    }
    // Not one we can join (bound values, a prepared name, a stream): the held ones go first, the
    // BEGIN alone (a message that does not parse runs nothing, and the statement would then run
    // outside any transaction); a held statement that fails aborts the transaction.
    const statements = before[0] === BEGIN ? before.slice(1) : before;
    const ahead = [...(statements.length < before.length ? [{ text: BEGIN, held: false }] : []), ...(statements.length ? [{ text: sequence(statements), held: true }] : [])];
    const noted = (held: boolean) => (err: Error | null) => void (err && held && (failed ??= err));
    if (!callback) {
      // A promise or a stream: queued behind them on the client.
      for (const a of ahead) send(a.text, noted(a.held));
      return send(...args);
    }
    // The statement meets the transaction a held one aborted: its caller hears the held one's error.
    const answered: Callback = (err, result) => callback(err && failed && (err as { code?: string }).code === '25P02' ? failed : err, result);
    // One after another, each when the one before has answered (pg 9 will not queue a query behind another).
    const next = (i: number): void => {
      if (i === ahead.length) return void send(...args.map((a) => (a === callback ? answered : a)));
      send(ahead[i].text, (err: Error | null) => (noted(ahead[i].held)(err), next(i + 1)));
    };
    next(0);
    return undefined;
  };
}

/**
 * The error of a message that carried held statements, naming them: the caller's statement (a
 * COMMIT) may not be the one that failed, and the log should say what was sent. Their values are
 * inlined; the log writes statements with every literal replaced (db/error-log.ts).
 */
function sentWith(err: Error, before: string[]): Error {
  const held = before.filter((t) => t !== BEGIN);
  if (held.length && typeof err.message === 'string' && !err.message.includes(' [sent with: ')) err.message += ` [sent with: ${sequence(held)}]`;
  return err;
}

function joined(config: unknown, before: string[], plain: string): string | QueryConfig {
  const text = `${sequence(before)} ${plain}`;
  return typeof config === 'string' ? text : { ...(config as QueryConfig), text };
}

/** Statements as one text, each ended by its `;`. */
function sequence(texts: string[]): string {
  return texts.map((t) => (/;\s*$/.test(t) ? t.trimEnd() : `${t};`)).join(' ');
}

/**
 * After a joined message failed, the transaction as if each statement had gone alone: open and
 * aborted. PostgreSQL parses a whole message before it runs any of it, so a statement that does
 * not parse fails with the rest unrun. A second BEGIN tells which: refused (25P02) inside an
 * aborted transaction; otherwise it opens one (or warns that one is open), which a failing
 * statement then aborts. A failed write pays the one round trip more.
 */
function leaveAborted(send: (...args: any[]) => any, then: () => void): void {
  send(BEGIN, (refused: Error | null) => (refused ? then() : send('select 1/0', () => then())));
}

/** The text of a query sent with no bound values over the simple protocol; undefined otherwise. */
function plainText(config: unknown, second: unknown): string | undefined {
  if (Array.isArray(second) && second.length) return undefined;
  if (typeof config === 'string') return config;
  if (!config || typeof config !== 'object' || typeof (config as { submit?: unknown }).submit === 'function') return undefined;
  const c = config as QueryConfig;
  const extended = c.name || c.rowMode || c.types || c.queryMode === 'extended' || c.rows;
  return typeof c.text !== 'string' || extended || c.values?.length ? undefined : c.text;
}

/** pg answers a message of several statements with one result each: the last `own` are the caller's (one, or its several). */
function ownResult(result: unknown, heldCount: number): unknown {
  if (!Array.isArray(result)) return result;
  const own = result.slice(heldCount);
  return own.length === 1 ? own[0] : own;
}
