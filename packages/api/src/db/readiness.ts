import type { MikroORM } from '@mikro-orm/core';
import { migrationsList } from './migrations';
import { briefForLog as brief } from './error-log';

export interface Readiness {
  ready: boolean;
  reason?: string;
}

export interface ReadinessOptions {
  /** Why the database is known to be down, if it is (the embedded supervisor knows). */
  databaseNote?: () => string | undefined;
  /** A probe's answer is reused this long, so frequent probes cost one query at most. */
  cacheMs?: number;
  /** A database that does not answer `select 1` within this is not ready. */
  timeoutMs?: number;
}

/** `promise`, or a rejection naming `what` once `ms` have passed. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Ready when the database answers `select 1` and has every migration this build carries.
 * The migration list is read again at most every 30 s (it changes only by a deploy).
 */
export function readinessProbe(orm: MikroORM, options: ReadinessOptions = {}): () => Promise<Readiness> {
  const cacheMs = options.cacheMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 3_000;
  const table = orm.config.get('migrations').tableName ?? 'mikro_orm_migrations';
  const expected = migrationsList.map((m) => m.name);
  let migrationsOkAt = 0;
  let cached: { at: number; result: Readiness } | undefined;
  let running: Promise<Readiness> | undefined;

  const check = async (): Promise<Readiness> => {
    const note = options.databaseNote?.();
    if (note) return { ready: false, reason: note };
    const connection = orm.em.getConnection();
    try {
      await withTimeout(connection.execute('select 1'), timeoutMs, 'the database');
    } catch (err) {
      return { ready: false, reason: `database unreachable: ${brief(err)}` };
    }
    if (Date.now() - migrationsOkAt > 30_000) {
      let applied: Set<string>;
      try {
        const rows: { name: string }[] = await withTimeout(connection.execute(`select name from "${table}"`), timeoutMs, 'the database');
        applied = new Set(rows.map((r) => r.name.replace(/\.[cm]?[jt]s$/, '')));
      } catch (err) {
        return { ready: false, reason: `cannot read the applied migrations: ${brief(err)}` };
      }
      const missing = expected.filter((name) => !applied.has(name));
      if (missing.length) return { ready: false, reason: `${missing.length} migration(s) not applied: ${missing.join(', ')}` };
      migrationsOkAt = Date.now();
    }
    return { ready: true };
  };

  return async () => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.result;
    running ??= check().then((result) => {
      cached = { at: Date.now(), result };
      running = undefined;
      return result;
    });
    return running;
  };
}
