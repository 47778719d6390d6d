import type { EventSubscriber, MikroORM, TransactionEventArgs } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { briefForLog } from '../db/error-log';
import { withTimeout } from '../db/readiness';
import { poolViewerChanges, PROBE_PREFIX, VIEWER_CHANGES_CHANNEL } from '../db/viewer-changes';

/** The listener's application_name, as pg_stat_activity shows it. */
export const LISTENER_NAME = 'jiafang viewer changes';

/** A remembered user row is read again after this long even if no change was heard (a listener cut off silently). */
const MAX_AGE_MS = 10_000;
const MAX_USERS = 10_000;
const RECONNECT_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** How long the listener may take to answer before it is taken for lost. */
const ANSWER_MS = 2_000;
const HEARTBEAT_MS = 5_000;

/** `promise`, or a rejection once ANSWER_MS have passed. */
const within = <T>(promise: Promise<T>, what: string): Promise<T> => withTimeout(promise, ANSWER_MS, what);

interface Entry<T> {
  at: number;
  row: Promise<T>;
}

/**
 * The user rows requests are built from, remembered between requests while the database says
 * nothing changed. Triggers on every table the viewer's statement reads (the user, schools,
 * classes, teachers, pairings, students, granted cases) NOTIFY on commit; each process LISTENs
 * and forgets every row when told. A commit of this process has heard its own notifications
 * before it answers (the pool's connections LISTEN too), so its next request never sees the old
 * row; another process hears of it within milliseconds.
 * While the listener is not connected nothing is remembered: every request reads its user, as
 * before.
 */
export class ViewerCache<T = unknown> {
  private readonly entries = new Map<string, Entry<T>>();
  private client: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private pinging: Promise<void> | undefined;
  private nextPing: Promise<void> | undefined;
  private unhear: (() => void) | undefined;
  /** Round trips made by sync(), for tests: a commit should not need one. */
  pings = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: (message: string) => void,
    /** Off: every request reads its user (a connection pooler in transaction mode cannot LISTEN). */
    private readonly enabled = true,
  ) {}

  /** Connects the listener; never throws (without it, rows are read every time). */
  async start(): Promise<void> {
    if (!this.enabled || this.closed || this.client) return;
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: LISTENER_NAME,
      connectionTimeoutMillis: ANSWER_MS * 2,
      // A connection dropped on the way (a firewall) is noticed in about a minute, not two hours.
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
    });
    this.client = client;
    const probe = `${PROBE_PREFIX}${randomUUID()}`;
    let heard: (() => void) | undefined;
    // Another process's probe (its listener starting) is no change either.
    client.on('notification', (n) => (n.payload?.startsWith(PROBE_PREFIX) ? n.payload === probe && heard?.() : this.forget()));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      // The listener must hear what is sent: behind a pooler in transaction mode LISTEN is
      // accepted on one server connection and NOTIFY sent on another, and nothing would be heard.
      const probed = new Promise<void>((resolve) => (heard = resolve));
      await within(client.query(`listen ${VIEWER_CHANGES_CHANNEL}`), 'listen');
      await within(client.query(`select pg_notify('${VIEWER_CHANGES_CHANNEL}', $1)`, [probe]), 'probe');
      await within(probed, 'the probe notification');
      if (this.client !== client) return;
      // Rows read before the listener heard anything may be stale: start empty.
      this.forget();
      this.listening = true;
      this.attempt = 0;
      // A ping now and then: a connection gone silent stops the remembering within seconds.
      this.heartbeat = setInterval(() => void this.sync(), HEARTBEAT_MS);
      this.heartbeat.unref();
    } catch (err) {
      this.lost(client, err);
    }
  }

  /** Whether rows are remembered now (the listener is connected). */
  get remembering(): boolean {
    return this.listening;
  }

  /**
   * The row for `key`: remembered, or read by `load` (one read for requests arriving together).
   * `rememberMissing: false`: a read that finds nothing is not kept (keys anyone can make up, such
   * as an API token's hash, must not push out the rows of real users).
   */
  get(key: string, load: () => Promise<T>, options: { rememberMissing?: boolean } = {}): Promise<T> {
    if (!this.listening) return load();
    const now = Date.now();
    const known = this.entries.get(key);
    if (known && now - known.at < MAX_AGE_MS) return known.row;
    if (this.entries.size >= MAX_USERS) this.entries.delete(this.entries.keys().next().value!);
    const entry: Entry<T> = { at: now, row: load() };
    this.entries.set(key, entry);
    const drop = () => this.entries.get(key) === entry && this.entries.delete(key);
    // A failed read is not remembered; nor, if asked, one that found nothing.
    entry.row.then((row) => options.rememberMissing === false && row == null && drop(), drop);
    return entry.row;
  }

  /** Forgets every row (a change was committed). */
  forget(): void {
    this.entries.clear();
  }

  /**
   * Resolves once every change committed before the call has been heard: the listener's backend
   * delivers pending notifications before it answers a query. The heartbeat uses it; and an ORM
   * whose pool does not LISTEN waits for it after each commit (watchCommits).
   */
  sync(): Promise<void> {
    if (!this.listening || !this.client) return Promise.resolve();
    // One query at a time on the connection: a call while one is out waits for the next, which
    // starts after it and serves every call that arrived meanwhile.
    if (!this.pinging) {
      const client = this.client;
      // Unanswered in time: the connection is taken for lost (rows forgotten, read every time,
      // reconnected), and the commit waiting for it answers.
      this.pings++;
      this.pinging = within(client.query('select 1'), 'select 1')
        .then(
          () => undefined,
          (err) => this.lost(client, err),
        )
        .finally(() => (this.pinging = undefined));
      return this.pinging;
    }
    this.nextPing ??= this.pinging.then(() => {
      this.nextPing = undefined;
      return this.sync();
    });
    return this.nextPing;
  }

  /**
   * Makes every commit of this ORM forget the rows it changed before the request that made it
   * answers. The pool's connections LISTEN (openOrm): PostgreSQL sends a session its own
   * notifications before the COMMIT's answer, so nothing is waited for. An ORM whose pool does
   * not listen waits after each commit for the listener to have heard it (a round trip).
   */
  watchCommits(orm: MikroORM): void {
    const pool = poolViewerChanges(orm);
    if (pool) {
      this.unhear = pool.hear(() => this.forget());
      return;
    }
    // MikroORM cannot unregister a subscriber: once closed, this one does nothing.
    const subscriber: EventSubscriber = { afterTransactionCommit: (_args: TransactionEventArgs) => this.sync() };
    orm.em.getEventManager().registerSubscriber(subscriber);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    this.unhear?.();
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    this.forget();
    await client?.end().catch(() => undefined);
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listening = false;
    clearInterval(this.heartbeat);
    this.forget();
    client.end().catch(() => undefined);
    if (this.closed) return;
    const wait = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)];
    if (this.attempt === 1) this.log(`viewer changes: listener lost${err ? ` (${briefForLog(err)})` : ''}; users are read on every request until it is back`);
    this.retry = setTimeout(() => void this.start(), wait);
    this.retry.unref();
  }
}
