import { FlushMode, MikroORM, ReflectMetadataProvider, type MetadataStorage } from '@mikro-orm/core';
import { defineConfig, type PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../registry';
import { migrationsList } from './migrations';
import { countQueriesOf } from './query-log';
import { holdStatements } from './held-statements';
import { HeldInsertDriver } from './held-insert-driver';
import { capPrepared } from './prepared-cap';
import { poolMax, preparedPerConnection } from './pool-settings';
import { AuditSubscriber } from '../core/audit/audit-subscriber';
import { PoolViewerChanges, setPoolViewerChanges, VIEWER_CHANGES_CHANNEL } from './viewer-changes';

/** DB_STATEMENT_TIMEOUT_MS, default 15 s; 0 turns the limit off. */
export function statementTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.DB_STATEMENT_TIMEOUT_MS ?? 15_000);
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms) : 15_000;
}

/**
 * A pivot's primary key leads with its owner's column; the other column (a teacher's pairings,
 * a student's pairings) gets its own index, declared here so migrations and the schema diff agree.
 */
function indexPivotTargets(storage: MetadataStorage): void {
  for (const meta of Object.values(storage.getAll())) {
    if (!meta.pivotTable) continue;
    for (const prop of meta.props.slice(1)) {
      const column = prop.fieldNames?.[0];
      if (!column) continue;
      if (ONE_OWNER_PIVOTS.has(meta.tableName)) {
        const name = `${meta.tableName}_${column}_unique`;
        if (!meta.uniques.some((u) => u.name === name)) meta.uniques.push({ properties: [prop.name], name });
        continue;
      }
      const name = `${meta.tableName}_${column}_index`;
      if (!meta.indexes.some((i) => i.name === name)) meta.indexes.push({ properties: [prop.name], name });
    }
  }
}

/** Pivots whose target belongs to one owner at most: a child is in one family (household_students). */
const ONE_OWNER_PIVOTS = new Set(['household_students']);

/** Whether pool connections LISTEN for viewer changes (http/viewer-cache.ts); REMEMBER_USERS=off: no. */
export function rememberUsers(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.REMEMBER_USERS !== 'off';
}

type RawConnection = { query(sql: string, cb: (err: Error | null) => void): void; on(event: 'notification', fn: (n: { channel: string }) => void): unknown };

export function ormConfig(clientUrl: string, viewerChanges?: PoolViewerChanges) {
  const preparedCap = preparedPerConnection();
  return defineConfig({
    clientUrl,
    driver: HeldInsertDriver,
    entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true, afterDiscovered: indexPivotTargets },
    extensions: [Migrator],
    // Internal tables written with SQL (not entities) that schema diffs must leave alone.
    schemaGenerator: { skipTables: ['idempotency_record', 'import_report', 'rate_limit'] },
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    debug: process.env.DEBUG_SQL ? ['query', 'query-params'] : false,
    forceUtcTimezone: true,
    // Each request forks its own EntityManager; the global one must never hold request state.
    allowGlobalContext: false,
    // Writes happen only at the explicit flush, after every rule passed: a query made while
    // checking a rule must not write the half-validated change (MikroORM's default, AUTO, would).
    flushMode: FlushMode.COMMIT,
    // Every flush records its changes in the audit trail, in the same transaction.
    subscribers: [new AuditSubscriber()],
    pool: {
      min: 0,
      max: poolMax(),
      // JIT compiling a report's plan costs more (a second and more) than running it. No statement
      // may hold a connection longer than DB_STATEMENT_TIMEOUT_MS (one request cannot starve the pool).
      // With users remembered, each connection LISTENs too: it hears its own commits' notifications
      // before the COMMIT returns (db/viewer-changes.ts).
      // And each sends a transaction's BEGIN, its new rows and its audit rows with the next statement (db/held-statements.ts),
      // and keeps a bounded number of statements prepared (db/prepared-cap.ts).
      afterCreate: (conn: RawConnection, done: (err: Error | null, conn: unknown) => void) => {
        holdStatements(conn);
        capPrepared(conn, preparedCap);
        viewerChanges?.attach(conn);
        const listen = viewerChanges ? `; listen ${VIEWER_CHANGES_CHANNEL}` : '';
        conn.query(`set jit = off; set statement_timeout = ${statementTimeoutMs()}${listen}`, (err) => done(err, conn));
      },
    },
  });
}

export async function openOrm(clientUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<MikroORM<PostgreSqlDriver>> {
  const viewerChanges = rememberUsers(env) ? new PoolViewerChanges() : undefined;
  const orm = (await MikroORM.init(ormConfig(clientUrl, viewerChanges))) as MikroORM<PostgreSqlDriver>;
  if (viewerChanges) setPoolViewerChanges(orm, viewerChanges);
  countQueriesOf(orm.em.getConnection().getKnex());
  return orm;
}

/** Applies the committed migrations; the schema is never synchronised from the entities. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  // One transaction for all, without the requests' statement limit: a migration (an index over a
  // large table) may run longer than a request may.
  const em = orm.em.fork();
  const applied = await em.transactional(async (tx) => {
    await tx.getConnection().execute('set local statement_timeout = 0', [], 'run', tx.getTransactionContext());
    // Several processes starting at once (an upgrade of two app containers) take turns: the
    // second waits here, then finds the migrations applied and has nothing to do.
    await tx.getConnection().execute('select pg_advisory_xact_lock(7202611220)', [], 'run', tx.getTransactionContext());
    return orm.getMigrator().up({ transaction: tx.getTransactionContext() });
  });
  return applied.map((m) => m.name);
}
