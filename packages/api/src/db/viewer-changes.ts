import type { MikroORM } from '@mikro-orm/core';

/** The channel the database's triggers notify when a table a viewer is built from changes. */
export const VIEWER_CHANGES_CHANNEL = 'jiafang_viewer_changes';

/** The payload a listener sends itself to learn it hears (http/viewer-cache.ts): no change, so nothing is forgotten for it. */
export const PROBE_PREFIX = 'probe ';

type Hearer = () => void;

/**
 * What the ORM's pool connections hear on VIEWER_CHANGES_CHANNEL. Every pool connection LISTENs,
 * and PostgreSQL sends a session its own notifications before it answers the COMMIT: a commit
 * of this process has been heard by the time it returns, without a round trip of its own.
 */
export class PoolViewerChanges {
  private readonly hearers = new Set<Hearer>();

  /** Calls `hearer` on every notification a pool connection receives; returns the undo. */
  hear(hearer: Hearer): () => void {
    this.hearers.add(hearer);
    return () => void this.hearers.delete(hearer);
  }

  /** For the pool's afterCreate: the raw connection's notifications, passed on. */
  attach(conn: { on(event: 'notification', fn: (n: { channel: string; payload?: string }) => void): unknown }): void {
    conn.on('notification', (n) => {
      if (n.channel !== VIEWER_CHANGES_CHANNEL || n.payload?.startsWith(PROBE_PREFIX)) return;
      for (const hearer of this.hearers) hearer();
    });
  }
}

const ofOrm = new WeakMap<MikroORM, PoolViewerChanges>();

/** The changes `orm`'s pool connections hear, if they LISTEN (openOrm with REMEMBER_USERS not off). */
export function poolViewerChanges(orm: MikroORM): PoolViewerChanges | undefined {
  return ofOrm.get(orm);
}

export function setPoolViewerChanges(orm: MikroORM, changes: PoolViewerChanges): void {
  ofOrm.set(orm, changes);
}
