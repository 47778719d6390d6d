/**
 * Keeps at most `max` statements prepared on a pool connection, the least recently used let go
 * first. Each prepared statement holds its plan in the PostgreSQL backend for as long as the
 * connection lives (a compiled list page: about 130 KB), and a busy pool's connections live for
 * days: without a bound, every list shape, filter and rule read the county ever used would stay in
 * the memory of all ten backends.
 *
 * Once a named statement has answered, the least recently used ones beyond the bound are let go:
 * forgotten by `pg` (which prepares one again if it comes back) and deallocated (`DEALLOCATE`)
 * ahead of the connection's next statement. A statement still to run (queued in `pg` or running)
 * is never let go. Should the `DEALLOCATE` be refused (inside a transaction already aborted), the
 * statement stays prepared and known, and a later answer lets it go.
 */

type Callback = (err: Error | null, result?: unknown) => void;

interface PgConnection {
  query(...args: any[]): any;
}

/** What pg knows of the statements prepared on a client's connection (its own bookkeeping). */
interface Prepared {
  parsedStatements?: Record<string, string>;
}

export function capPrepared(conn: PgConnection, max: number): void {
  const send = conn.query.bind(conn) as (...args: any[]) => any;
  const state = () => (conn as { connection?: Prepared }).connection;
  /** Names asked for here, the least recently used first. */
  const recent = new Map<string, true>();
  /** Statements of each name sent and not yet answered (queued in pg or running). */
  const pending = new Map<string, number>();
  /** Let go, to be deallocated ahead of the next statement (with their texts, should that fail). */
  let letGo: Array<{ name: string; text: string }> = [];

  /** Picks the least recently used statements beyond `max`; never one still to run. */
  const trim = () => {
    // Every name prepared here was asked for here: at most `max` asked, at most `max` prepared.
    if (recent.size <= max) return;
    const parsed = state()?.parsedStatements;
    if (!parsed) return;
    let over = Object.keys(parsed).length - max;
    for (const victim of recent.keys()) {
      if (over <= 0) break;
      const text = parsed[victim];
      // Not prepared (yet, or its Parse failed), or still to run: pg would prepare it, or find it gone.
      if (text === undefined || pending.has(victim)) continue;
      recent.delete(victim);
      // Forgotten now: should it come back first, pg prepares it after its DEALLOCATE has run.
      delete parsed[victim];
      letGo.push({ name: victim, text });
      over--;
    }
    // Names that never became prepared (a Parse that failed) are not kept for ever.
    if (recent.size > 2 * max) for (const name of recent.keys()) if (parsed[name] === undefined && !pending.has(name)) recent.delete(name);
  };

  /**
   * Sends the DEALLOCATEs, one after another, then `then`. pg is not asked to queue one statement
   * behind another (pg 9 will not): each goes when the one before has answered.
   */
  const deallocate = (then: () => void) => {
    const batch = letGo;
    letGo = [];
    const next = (i: number): void => {
      if (i === batch.length) return then();
      const { name, text } = batch[i];
      send(`DEALLOCATE "${name}"`, ((err) => {
        const parsed = state()?.parsedStatements;
        // Refused (a transaction already aborted): still on the server, so known again, never parsed twice under one name.
        if (err && parsed && parsed[name] === undefined) {
          parsed[name] = text;
          if (!recent.has(name)) recent.set(name, true);
        }
        next(i + 1);
      }) as Callback);
    };
    next(0);
  };

  const settled = (name: string) => {
    const left = (pending.get(name) ?? 1) - 1;
    if (left > 0) pending.set(name, left);
    else pending.delete(name);
    trim();
  };

  /** A name about to be sent: the most recently used, and not to be let go until answered. */
  const sending = (name: string) => {
    recent.delete(name);
    recent.set(name, true);
    pending.set(name, (pending.get(name) ?? 0) + 1);
  };

  /** The statement itself, its answer counted for its name. */
  const run = (args: any[]): any => {
    const name = (args[0] as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !name) return send(...args);
    sending(name);
    const i = args.findIndex((a) => typeof a === 'function');
    if (i >= 0) {
      const callback = args[i] as Callback;
      args[i] = ((err, result) => {
        settled(name);
        callback(err, result);
      }) as Callback;
      return send(...args);
    }
    const answer = send(...args);
    if (!answer || typeof answer.then !== 'function') return answer;
    return answer.then(
      (result: unknown) => (settled(name), result),
      (err: unknown) => {
        settled(name);
        throw err;
      },
    );
  };

  /** A pipeline of statements (db/statement-pipeline.ts): each of its names counted as a prepared query's. */
  const runPipeline = (config: { statementNames: string[]; callback: Callback }, args: any[]): any => {
    const names = config.statementNames;
    names.forEach(sending);
    const callback = config.callback;
    config.callback = (err, result) => {
      for (const name of names) settled(name);
      callback(err, result);
    };
    return send(...args);
  };

  conn.query = (...args: any[]) => {
    const config = args[0] as { submit?: unknown; statementNames?: unknown } | null;
    // Its statements are parsed when not known: those let go must be deallocated before it goes.
    if (config && Array.isArray(config.statementNames) && config.statementNames.length) {
      const pipeline = config as { statementNames: string[]; callback: Callback };
      if (!letGo.length) return runPipeline(pipeline, args);
      deallocate(() => runPipeline(pipeline, args));
      return config;
    }
    // A stream (a Submittable) is answered as it is sent: it goes now, the DEALLOCATEs with the next
    // (none is named here).
    if (!letGo.length || (config && typeof config === 'object' && typeof config.submit === 'function')) return run(args);
    if (args.some((a) => typeof a === 'function')) return void deallocate(() => run(args));
    return new Promise((resolve, reject) => deallocate(() => Promise.resolve(run(args)).then(resolve, reject)));
  };
}
