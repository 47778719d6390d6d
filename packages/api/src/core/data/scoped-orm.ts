import type { EntityManager, FilterQuery, FindOneOptions, FindOptions } from '@mikro-orm/core';
import type { Viewer } from '../context';
import type { ChildrenSpec, FieldSpec, ResourceSpec } from '../resource/spec';
import { resourceOf, targetResource } from '../resource/registry';
import { loadedInReach, reachesWholeBureau, rowScope, writerOf } from '../access/scope';
import { filterToWhere } from '../crud/where';
import { forbidden } from '../errors';
import type { LoadedReach } from './reach';
import { POLICY_RULES } from './access-rules';
import { scopeSql, sqlBuild } from './scope-sql';
import type { SqlParams } from './sql-params';
import { columnOf, ident, tableOf } from './tables';
import { preparedRows, statementName } from '../../db/prepared-statements';
import { pipelined, type PipedStatement } from '../../db/statement-pipeline';

type Row = Record<string, any>;
type Where = FilterQuery<any>;
type Options = FindOptions<any, any, any, any>;

/**
 * The viewer's rows as ORM entities, for what needs managed entities: writes, exports, printed
 * forms, import lookups and the workflow queries. Every method adds the row scope itself, so no
 * caller builds a scoped condition; GraphQL reads go through the compiled DataGateway instead.
 */
export class ScopedOrm {
  constructor(
    readonly em: EntityManager,
    readonly viewer: Viewer | null,
  ) {}

  private writer?: ScopedOrm;

  /** The rows the viewer may write: those read, but for the students only a grant opens. */
  writing(): ScopedOrm {
    const viewer = writerOf(this.viewer);
    return viewer === this.viewer ? this : (this.writer ??= new ScopedOrm(this.em, viewer));
  }

  /** The conditions, all to hold, within the viewer's rows of `res`. */
  private where(res: ResourceSpec, conditions: Where[]): Where {
    const scope = rowScope(res, this.viewer);
    return conditions.length ? { $and: [scope, ...conditions] } : scope;
  }

  find<T = Row>(res: ResourceSpec, where: Where | Where[] = [], options?: Options): Promise<T[]> {
    return this.em.find(res.entity, this.where(res, [where].flat()), options) as Promise<T[]>;
  }

  findOne<T = Row>(res: ResourceSpec, where: Where | Where[] = [], options?: FindOneOptions<any, any, any, any>): Promise<T | null> {
    return this.em.findOne(res.entity, this.where(res, [where].flat()), options) as Promise<T | null>;
  }

  count(res: ResourceSpec, where: Where | Where[] = []): Promise<number> {
    return this.em.count(res.entity, this.where(res, [where].flat()));
  }

  /**
   * The row with this id, null when absent or out of reach. `populate` naming single references
   * only (a write's row and what its rules read) is one prepared statement joining them.
   */
  async byId<T = Row>(res: ResourceSpec, id: string, options?: FindOneOptions<any, any, any, any>): Promise<T | null> {
    const refs = options ? joinedRefs(res, options) : [];
    if (!refs || !this.viewer) return this.findOne<T>(res, { id }, options);
    if (refs.length) return (await this.rowWithRefs(res, id, refs)) as T | null;
    return ((await this.rowsWhere(res, (p) => `t0."id" = ${p.add(id)}`, [id]))[0] as T | undefined) ?? null;
  }

  /**
   * The row with its references joined, as MikroORM's `populate` loads them (whether or not the
   * viewer reaches the referenced rows, as there): one statement with every column named, prepared,
   * where the ORM built and planned its query on every write (0.36 ms of Node and 0.7 ms of
   * PostgreSQL for a student's edit). The references are mapped first, so the row's references are
   * the loaded entities.
   */
  private async rowWithRefs(res: ResourceSpec, id: string, refs: Array<{ field: FieldSpec; target: ResourceSpec }>): Promise<Row | null> {
    const meta = this.em.getMetadata();
    const aliases = refs.map((_r, i) => `r${i}`);
    const columns = [
      this.storedColumns(res),
      ...refs.map(({ target }, i) => tableOf(meta, target).stored.map((c) => `${aliases[i]}.${ident(c)} as ${ident(`${aliases[i]}__${c}`)}`).join(', ')),
    ].join(', ');
    const joins = refs
      .map(({ field, target }, i) => ` left join ${ident(tableOf(meta, target).name)} ${aliases[i]} on ${aliases[i]}."id" = t0.${ident(columnOf(meta, res, field))}`)
      .join('');
    const [row] = await this.rawWhere(res, columns, (p) => `t0."id" = ${p.add(id)}`, [id], joins);
    if (!row) return null;
    const pick = (table: ResourceSpec, prefix = '') => Object.fromEntries(tableOf(meta, table).stored.map((c) => [c, row[`${prefix}${c}`]]));
    refs.forEach(({ target }, i) => {
      const joined = pick(target, `${aliases[i]}__`);
      if (joined.id != null) this.managed(target, joined);
    });
    return this.managed(res, pick(res));
  }

  /** The rows of these ids in reach, in no particular order. */
  byIds<T = Row>(res: ResourceSpec, ids: readonly string[], options?: Options): Promise<T[]> {
    if (options || !this.viewer) return this.find<T>(res, { id: { $in: [...ids] } }, options);
    return this.rowsWhere(res, (p) => `t0."id" = any(${p.add([...ids])}::uuid[])`, ids) as Promise<T[]>;
  }

  /**
   * Rows by id as managed entities, with the scope the read compiler writes (scopeSql, the same
   * plan as rowScope): one SQL text mapped straight to entities, not the ORM's criteria and query
   * builder, which cost a write 0.5 ms of CPU per reference looked up. Within the unit of work's
   * transaction when one is open; an entity already loaded is returned as it is (as find does).
   */
  private async rowsWhere(res: ResourceSpec, condition: (params: SqlParams) => string, within: readonly string[]): Promise<object[]> {
    const rows = await this.rawWhere(res, this.storedColumns(res), condition, within);
    return rows.map((row) => this.managed(res, row));
  }

  /** A row read as a managed entity; one already in the identity map is answered as it is. */
  private managed(res: ResourceSpec, row: Record<string, unknown>): Row {
    // map() passes its options on to merge(), whose `refresh: false` keeps an entity already in the
    // identity map as it is (changes not yet flushed included); its typings name only `schema`.
    return this.em.map(res.entity, row, { refresh: false } as never) as Row;
  }

  /**
   * Rows of several resources by id in one round trip (a write's references: a visit's student
   * and teacher), each lookup as byIds makes it, each statement prepared; and in the same message
   * the statements `ahead` that the write's rules will run (a care check's class and teachers),
   * whose rows are answered in order. Without a viewer (the system) nothing is read ahead.
   */
  async byIdsAcross(wanted: ReadonlyMap<ResourceSpec, readonly string[]>, ahead: readonly PipedStatement[] = []): Promise<{ rows: Map<ResourceSpec, Row[]>; ahead: Row[][] }> {
    const lookups = [...wanted].filter(([, ids]) => ids.length);
    const found = new Map<ResourceSpec, Row[]>();
    if (!this.viewer || (lookups.length <= 1 && !ahead.length)) {
      for (const [res, ids] of lookups) found.set(res, await this.byIds(res, ids));
      return { rows: found, ahead: [] };
    }
    const statements = lookups.map(([res, ids]): PipedStatement => {
      // Named columns, as rowsWhere's: a prepared `t0.*` fails once a migration adds a column.
      const { sql, params } = this.statement(res, this.storedColumns(res), (p) => `t0."id" = any(${p.add([...ids])}::uuid[])`, ids);
      return { text: sql, values: params.values, name: statementName(sql) };
    });
    const answers = await pipelined(this.knex() as never, [...statements, ...ahead]);
    lookups.forEach(([res], i) => found.set(res, answers[i].map((row) => this.managed(res, row))));
    return { rows: found, ahead: answers.slice(lookups.length) };
  }

  /** Every column of the resource's table, named (not `*`: see rowsWhere). */
  private storedColumns(res: ResourceSpec): string {
    return tableOf(this.em.getMetadata(), res).stored.map((c) => `t0.${ident(c)}`).join(', ');
  }

  /** A statement reading `columns` of the rows of `res` in reach meeting the condition (which keeps to the ids `within`), and its values; `joins` after its table. */
  private statement(res: ResourceSpec, columns: string, condition: (params: SqlParams) => string, within: readonly string[], joins = ''): { sql: string; params: SqlParams } {
    const b = sqlBuild(this.em.getMetadata(), POLICY_RULES, this.viewer!);
    return { sql: `select ${columns} from ${ident(tableOf(b.meta, res).name)} t0${joins} where ${condition(b.params)} and ${scopeSql(b, res, 't0', 'row', within)}`, params: b.params };
  }

  /** The unit of work's transaction when one is open, else the pool. */
  private knex(): KnexLike {
    return (this.em.getTransactionContext() ?? (this.em as unknown as { getKnex(): KnexLike }).getKnex()) as KnexLike;
  }

  /** Plain rows of `res` in reach meeting the condition, within the unit of work's transaction when open. */
  private async rawWhere(res: ResourceSpec, columns: string, condition: (params: SqlParams) => string, within: readonly string[], joins = ''): Promise<Array<Record<string, unknown>>> {
    const { sql, params } = this.statement(res, columns, condition, within, joins);
    const { text, bindings } = knexBindings(sql, params.values);
    // Prepared, named by its text: planned once per connection (a write looks its references up by these).
    return preparedRows(this.em as never, text, bindings);
  }

  /** A list's rows: an `XFilter` checked as for the GraphQL list (ids, fields, search). */
  list<T = Row>(res: ResourceSpec, filter: Record<string, unknown> | null | undefined, options?: Options): Promise<T[]> {
    return this.find<T>(res, filterToWhere(res, filter, this.viewer ?? undefined), options);
  }

  /**
   * Which of these ids are rows in reach. Ids only, never entities: a partial entity left in the
   * identity map would be answered as it is by later reads of the same request (a name as null).
   */
  async idsInScope(res: ResourceSpec, ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    if (!this.viewer) {
      const rows = await this.find(res, { id: { $in: [...ids] } }, { fields: ['id'], disableIdentityMap: true });
      return new Set(rows.map((r) => r.id as string));
    }
    const rows = await this.rawWhere(res, 't0."id"', (p) => `t0."id" = any(${p.add([...ids])}::uuid[])`, ids);
    return new Set(rows.map((r) => r.id as string));
  }

  /** Whether every one of these (distinct) ids is a row in reach: rows just written are checked so. */
  async allInScope(res: ResourceSpec, ids: readonly string[]): Promise<boolean> {
    return (await this.count(res, { id: { $in: [...ids] } })) === ids.length;
  }

  /** The child rows (a student's guardians) of these parents that are in reach, in the child list's order. */
  children<T = Row>(child: ChildrenSpec, parentIds: readonly string[], options?: Options): Promise<T[]> {
    return this.find<T>(resourceOf(child.target()), { [child.inverse]: { $in: [...parentIds] } }, { orderBy: { ...(child.orderBy ?? {}), id: 'asc' }, ...options });
  }

  /** Whether the viewer reaches every row of `res` in its bureau (no check beyond the tenant). */
  wholeBureau(res: ResourceSpec): boolean {
    return !!this.viewer && reachesWholeBureau(res, this.viewer);
  }

  /** Whether an entity about to be written is in reach, tested in memory (see LoadedReach). */
  testLoaded(res: ResourceSpec, row: object): LoadedReach {
    if (!this.viewer) return 'unknown';
    return loadedInReach(res, this.viewer, row);
  }

  /**
   * Refuses an entity about to be written outside the viewer's reach, tested in memory along the
   * policy's links, naming the field the first link starts from. Answers whether the database must
   * decide after the flush (a link that cannot be followed in memory).
   */
  checkLoaded(res: ResourceSpec, row: object): boolean {
    const reach = this.testLoaded(res, row);
    if (typeof reach === 'string') return reach === 'unknown';
    const head = reach.outside.split('.')[0].replace(/\[\]$/, '');
    const field = res.fields.find((f) => f.name === head)?.gqlName ?? head;
    throw forbidden(`不能把${res.label}写到您的权限范围以外`, { field, rule: 'OUT_OF_SCOPE' });
  }
}

/**
 * The references `options` asks to load when it asks nothing else and each is a single reference
 * of `res` ([] when it populates nothing); undefined when the ORM must load them.
 */
function joinedRefs(res: ResourceSpec, options: FindOneOptions<any, any, any, any>): Array<{ field: FieldSpec; target: ResourceSpec }> | undefined {
  const { populate, ...rest } = options as { populate?: unknown };
  if (Object.keys(rest).length || (populate !== undefined && !Array.isArray(populate))) return undefined;
  const refs: Array<{ field: FieldSpec; target: ResourceSpec }> = [];
  for (const name of (populate ?? []) as unknown[]) {
    const field = res.fields.find((f) => f.name === name && f.kind === 'ref');
    if (!field) return undefined;
    refs.push({ field, target: targetResource(field) });
  }
  return refs;
}

interface KnexLike {
  raw(sql: string, bindings?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** `$n` placeholders (a value may be used several times) as knex's positional `?`. */
export function knexBindings(sql: string, values: readonly unknown[]): { text: string; bindings: unknown[] } {
  if (sql.includes('?')) throw new Error('a statement for knex must not contain "?" of its own');
  const bindings: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, k: string) => {
    bindings.push(values[Number(k) - 1]);
    return '?';
  });
  return { text, bindings };
}
