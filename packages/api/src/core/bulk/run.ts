import { bulkRows } from '../observe/metrics';
import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Viewer } from '../context';
import type { ResourceSpec } from '../resource/spec';
import { childrenOf, targetResource } from '../resource/registry';
import { can } from '../access/policy';
import { ScopedOrm } from '../data/scoped-orm';
import { badField, conflict, forbidden } from '../errors';
import { applyInput } from '../crud/write';
import { RefBatch } from '../crud/ref-batch';
import { checkVersion, viewerOf, writeRelations } from '../crud/mutations';
import { UUID } from '../crud/where';
import { mapDbError } from '../crud/db-errors';
import { auditLoad, collectAudit, writeCollectedAudit, type AuditData } from '../audit/batch';
import { runCopy, type CopyLoad } from '../../db/copy';
import { actorOf, setActor } from '../audit/actor';
import { auditData } from '../audit/audit-subscriber';
import { findByKey, insertLoad } from './insert';
import { StatisticsKeeper } from '../../db/analyze';
import { lockRows } from '../crud/lock';
import { nestedChildren, prefixedError } from '../crud/nested';

export type BulkOp = 'create' | 'upsert' | 'update';
export type BulkMode = 'ALL_OR_NOTHING' | 'VALID_ONLY';
export type BulkStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'ERROR' | 'NOT_WRITTEN';

export interface BulkProblem {
  field: string;
  rule: string;
  message: string;
}

export interface BulkRowOutcome {
  index: number;
  status: BulkStatus;
  id?: string;
  version?: number;
  code?: string;
  field?: string;
  rule?: string;
  message?: string;
  problems?: BulkProblem[];
}

export interface BulkOutcome {
  committed: boolean;
  dryRun: boolean;
  replayed: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rows: BulkRowOutcome[];
}

export interface BulkOptions {
  op: BulkOp;
  mode: BulkMode;
  /** The natural key an upsert matches on (its name in the resource's naturalKeys). */
  key?: string;
  /** Check every row and report what would happen; write nothing. */
  dryRun?: boolean;
  /** Rows handled per round of loading, validating and flushing (one transaction for all). */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Runs first in the transaction (claims the idempotency key): an outcome it returns is the
   * answer, and nothing is written.
   */
  claim?: () => Promise<BulkOutcome | null>;
  /** Runs in the transaction just before it commits (stores the idempotency record). */
  beforeCommit?: (outcome: BulkOutcome) => Promise<void>;
}

/** At most this many rows per call; bigger loads go in several calls. */
export const MAX_BULK_ROWS = 100_000;
const CHUNK = 2000;

type Input = Record<string, unknown>;
type Row = Record<string, any>;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/** The value of a natural key's fields in an input row (references by id), or null if any is missing. */
function keyOf(res: ResourceSpec, fields: string[], input: Input): string | null {
  const parts: string[] = [];
  for (const name of fields) {
    const f = res.fields.find((x) => x.name === name)!;
    const v = text(input[f.gqlName]);
    if (v == null || v === '') return null;
    parts.push(String(v));
  }
  return parts.join('\u0001');
}

function keyOfEntity(fields: string[], e: Row): string {
  return fields.map((name) => String(e[name]?.id ?? e[name])).join('\u0001');
}

/** A stored record's writable values, comparable before and after a write. */
function snapshot(res: ResourceSpec, e: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of res.fields) {
    if (!f.writable) continue;
    const v = e[f.name];
    if (f.kind === 'refList') out[f.name] = v?.isInitialized?.() ? v.getItems().map((x: Row) => x.id).sort().join(',') : undefined;
    else if (f.kind === 'ref') out[f.name] = v?.id ?? null;
    else if (f.kind === 'json' || f.kind === 'enumList') out[f.name] = JSON.stringify(v ?? null);
    else if (v instanceof Date) out[f.name] = v.getTime();
    else out[f.name] = v ?? null;
  }
  return out;
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).every((k) => a[k] === b[k]);

function failure(index: number, err: unknown, prefix = ''): BulkRowOutcome {
  if (err instanceof GraphQLError) {
    const x = err.extensions as Record<string, any>;
    const problems = (x.problems as BulkProblem[] | undefined)?.map((p) => ({ ...p, field: prefix + p.field }));
    return {
      index, status: 'ERROR', code: String(x.code ?? 'BAD_USER_INPUT'), message: err.message,
      field: x.field ? prefix + String(x.field) : undefined, rule: x.rule ? String(x.rule) : undefined, problems,
    };
  }
  throw err;
}

/** A failed row as the error a single mutation would have raised. */
export function rowError(r: BulkRowOutcome): GraphQLError {
  return new GraphQLError(r.message ?? '', { extensions: { code: r.code, field: r.field, rule: r.rule, problems: r.problems } });
}

interface Target {
  entity: Row;
  existing: boolean;
  before?: Record<string, unknown>;
}

type Child = ReturnType<typeof childrenOf>[number];

/**
 * Creates, upserts or updates many rows of a resource in one transaction, with each row going
 * through the same input rules, references in scope, hooks, version check and audit as a single
 * mutation. Rows are loaded, checked and flushed a chunk at a time; every row gets an outcome.
 * ALL_OR_NOTHING writes nothing when any row fails; VALID_ONLY writes the valid rows.
 */
export async function bulkWrite(ctx: Context, res: ResourceSpec, inputs: Input[], o: BulkOptions): Promise<BulkOutcome> {
  if (inputs.length > MAX_BULK_ROWS) throw badField('data', `一次最多 ${MAX_BULK_ROWS} 行，请分批提交`, 'TOO_MANY_ROWS');
  const session = await BulkSession.begin(ctx, res, o);
  try {
    const earlier = await o.claim?.();
    if (earlier) {
      await session.abort();
      return earlier;
    }
    // Every row of the call locked at once, in id order: chunks would otherwise lock in input order.
    if (o.op === 'update') await session.lock(inputs.map((r) => r.id));
    const chunk = o.chunkSize ?? CHUNK;
    for (let start = 0; start < inputs.length; start += chunk) {
      await session.add(inputs.slice(start, start + chunk));
      o.onProgress?.(Math.min(start + chunk, inputs.length), inputs.length);
    }
    return await session.end();
  } catch (err) {
    await session.abort();
    throw err;
  }
}

/** A checked chunk waiting to be written: its EntityManager, its new rows and its outcomes by id. */
interface ChunkWrite {
  em: EntityManager;
  /** New rows by table, parents first. */
  loads: CopyLoad[];
  /** Their CREATE audit events. */
  audit: CopyLoad | null;
  written: Map<string, BulkRowOutcome>;
  /** Nested children whose reach could not be told in memory, checked in the database after the flush. */
  unsure: Map<ResourceSpec, string[]>;
}

/**
 * One bulk write fed in chunks (a streamed import adds rows as it parses them): one transaction
 * from begin to end; each chunk's rows are checked, and written unless the write is a dry run or
 * an ALL_OR_NOTHING write that already has a failed row.
 *
 * Each chunk has an EntityManager of its own on the transaction. A chunk is written while the
 * next one is checked: the next chunk's lookups go to the connection first, then the previous
 * chunk's writes, so PostgreSQL writes one chunk while Node checks the next. The lookups may
 * therefore not see the previous chunk's rows; they need not, since a key or record named twice
 * in one write is refused as DUPLICATE_IN_BATCH before its lookup is used.
 */
export class BulkSession {
  private readonly viewer: Viewer;
  /** The EntityManager holding the transaction. */
  private readonly root: EntityManager;
  /** The current chunk's EntityManager, and the viewer's rows through it. */
  private em: EntityManager;
  private scoped: ScopedOrm;
  private readonly key?: { fields: string[]; label: string };
  private readonly nested: Child[];
  private readonly outcomes: BulkRowOutcome[] = [];
  private readonly seen = new Map<string, number>();
  private failedCount = 0;
  private refs = new RefBatch();
  private targets = new Map<number, Target | GraphQLError>();
  private children = new Map<string, Row[]>();
  private inserts: Array<{ res: ResourceSpec; row: Row }> = [];
  private unsure = new Map<ResourceSpec, string[]>();
  private readonly statistics: StatisticsKeeper;
  /** The last checked chunk, written when the next one's lookups have been sent (or at the end). */
  private unwritten: ChunkWrite | null = null;
  /** The chunk writes under way, one after the other, and the first one's failure. */
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown = null;
  /** Every row to update was locked up front (lock()). */
  private lockedAll = false;

  private constructor(ctx: Context, private readonly res: ResourceSpec, private readonly o: BulkOptions) {
    // The rows it may write: a grant opens reads only.
    this.scoped = new ScopedOrm(ctx.em, viewerOf(ctx)).writing();
    this.viewer = this.scoped.viewer!;
    this.root = ctx.em;
    this.em = ctx.em;
    this.key = o.op === 'upsert' ? naturalKey(res, o.key) : undefined;
    this.nested = nestedChildren(res);
    this.statistics = new StatisticsKeeper(ctx.em);
  }

  static async begin(ctx: Context, res: ResourceSpec, o: BulkOptions): Promise<BulkSession> {
    const session = new BulkSession(ctx, res, o);
    await session.root.begin();
    return session;
  }

  /** Locks every row the call updates at once (see lockRows); chunks then need not lock theirs. */
  async lock(ids: unknown[]): Promise<void> {
    await lockRows(this.root, this.res, this.viewer, ids);
    this.lockedAll = true;
  }

  private get writing() {
    return !this.o.dryRun && !(this.o.mode === 'ALL_OR_NOTHING' && this.failedCount > 0);
  }

  /** Rows seen so far, and how many failed. */
  get progress() {
    return { rows: this.outcomes.length, failed: this.failedCount };
  }

  /** A fresh EntityManager on the session's transaction, writing as the request's actor. */
  private chunkEm(): EntityManager {
    const em = this.root.fork({ keepTransactionContext: true }) as EntityManager;
    const actor = actorOf(this.root);
    if (actor) setActor(em, actor);
    collectAudit(em);
    return em;
  }

  /** Checks one chunk (and has the previous one written meanwhile); row indexes continue across chunks. */
  async add(slice: Input[]): Promise<BulkRowOutcome[]> {
    const { res, o } = this;
    const start = this.outcomes.length;
    if (start + slice.length > MAX_BULK_ROWS * 2) throw badField('data', `一次最多 ${MAX_BULK_ROWS * 2} 行`, 'TOO_MANY_ROWS');
    if (this.writeError) throw mapDbError(res, this.writeError, 'write');
    const em = (this.em = this.chunkEm());
    const scoped = (this.scoped = new ScopedOrm(em, this.viewer));
    try {
      this.refs = new RefBatch();
      const lookups = (async () => {
        // Locked before anything of the chunk is read, so every version it compares is current.
        if (o.op === 'update' && !this.lockedAll) await lockRows(em, res, this.viewer, slice.map((r) => r.id));
        await this.refs.load(scoped, res, slice);
        this.targets = await findTargets(scoped, res, o.op, this.key, slice);
        const existingIds = [...this.targets.values()].flatMap((t) => (t instanceof GraphQLError || !t.existing ? [] : [t.entity.id]));
        this.children = await loadChildren(scoped, this.nested, existingIds);
      })();
      this.writeUnwritten();
      try {
        await lookups;
      } catch (err) {
        // A lookup queued behind a failed write fails for that write's reason.
        await this.writes;
        throw this.writeError ?? err;
      }
      const written = new Map<string, BulkRowOutcome>();
      for (let i = 0; i < slice.length; i++) {
        if (i % 100 === 99) await yieldToIo();
        try {
          const { outcome, entity } = await this.writeRow(start + i, i, { ...slice[i] });
          this.outcomes.push(outcome);
          if (entity) written.set(entity.id, outcome);
        } catch (err) {
          this.failedCount++;
          this.outcomes.push(failure(start + i, err));
        }
      }
      // A dry run (or a failed ALL_OR_NOTHING write) keeps no rows between chunks.
      this.unwritten = this.writing ? { em, ...(await this.loadsOf(em, this.inserts)), written, unsure: this.unsure } : null;
      this.inserts = [];
      this.unsure = new Map();
      return this.outcomes.slice(start);
    } catch (err) {
      throw mapDbError(res, err, 'write');
    }
  }

  /** Queues the last checked chunk's write behind the writes already under way. */
  private writeUnwritten() {
    const chunk = this.unwritten;
    this.unwritten = null;
    if (!chunk || !this.writing) return;
    this.writes = this.writes.then(async () => {
      if (this.writeError) return;
      try {
        await this.write(chunk);
      } catch (err) {
        this.writeError = err;
      }
    });
  }

  /** Commits (or, for a dry run or a failed ALL_OR_NOTHING write, rolls back) and sums up. */
  async end(): Promise<BulkOutcome> {
    const { root, o } = this;
    this.writeUnwritten();
    await this.writes;
    if (this.writeError) {
      await this.abort();
      throw mapDbError(this.res, this.writeError, 'write');
    }
    const commit = this.writing;
    if (!commit && !o.dryRun) {
      for (const r of this.outcomes) {
        if (r.status === 'ERROR') continue;
        if (r.status === 'CREATED') delete r.id;
        r.status = 'NOT_WRITTEN';
        delete r.version;
      }
    }
    const count = (s: BulkStatus) => this.outcomes.filter((r) => r.status === s).length;
    const outcome: BulkOutcome = {
      committed: commit, dryRun: !!o.dryRun, replayed: false, total: this.outcomes.length,
      created: count('CREATED'), updated: count('UPDATED'), unchanged: count('UNCHANGED'), failed: count('ERROR'),
      rows: this.outcomes,
    };
    try {
      if (commit) {
        await o.beforeCommit?.(outcome);
        await root.commit();
        for (const kind of ['created', 'updated'] as const) if (outcome[kind]) bulkRows.inc({ resource: this.res.name, outcome: kind }, outcome[kind]);
      } else await root.rollback();
    } catch (err) {
      await this.abort();
      throw mapDbError(this.res, err, 'write');
    }
    return outcome;
  }

  /** Rolls everything back (the caller gave up: a broken file, a lost connection). */
  async abort(): Promise<void> {
    this.unwritten = null;
    await this.writes;
    await this.root.rollback().catch(() => undefined);
    this.root.clear();
  }

  /** A new row for the chunk's COPY (rows with many-to-many lists go through the unit of work). */
  private stage(res: ResourceSpec, row: Row) {
    const lists = res.fields.some((f) => f.kind === 'refList' && row[f.name]?.isInitialized?.() && row[f.name].length > 0);
    if (lists) this.em.persist(row);
    else this.inserts.push({ res, row });
  }

  /** Writes a checked chunk, then checks that what it wrote is still within the viewer's reach. */
  private async write({ em, loads, audit, written, unsure }: ChunkWrite) {
    const { res } = this;
    await em.flush();
    for (const load of loads) {
      await runCopy(em, load);
      await this.statistics.added(load.table, load.rows);
    }
    if (audit) await runCopy(em, audit);
    await writeCollectedAudit(em);
    const scoped = new ScopedOrm(em, this.viewer);
    const checks = [...unsure];
    // Bureau-wide roles write into their bureau by construction (the tenant is set from the viewer).
    if (!scoped.wholeBureau(res)) checks.unshift([res, [...written.keys()]]);
    for (const [r, ids] of checks) {
      if (ids.length && !(await scoped.allInScope(r, ids))) throw forbidden(`不能把${r.label}写到您的权限范围以外`, { rule: 'OUT_OF_SCOPE' });
    }
    for (const [id, outcome] of written) outcome.version ??= (em.getUnitOfWork().getById(res.entity.name, id) as Row | undefined)?.version;
  }

  /**
   * A chunk's new rows as COPY loads, parents before children, and the CREATE audit event each
   * would have had through the unit of work; built while the previous chunk is being written.
   */
  private async loadsOf(em: EntityManager, staged: Array<{ res: ResourceSpec; row: Row }>): Promise<Pick<ChunkWrite, 'loads' | 'audit'>> {
    const byResource = new Map<ResourceSpec, Row[]>();
    for (const { res, row } of staged) {
      if (!byResource.has(res)) byResource.set(res, []);
      byResource.get(res)!.push(row);
    }
    const loads: CopyLoad[] = [];
    const events: AuditData[] = [];
    for (const [res, rows] of byResource) {
      for (const row of rows) row.version = 1;
      loads.push(insertLoad(em, res, rows));
      await yieldToIo();
      for (const [i, row] of rows.entries()) {
        if (i % 200 === 199) await yieldToIo();
        const data = em.getComparator().prepareEntity(row as never) as Record<string, unknown>;
        const event = auditData(em, res.name, 'CREATE', row, {}, Object.keys(data));
        if (event) events.push(event);
      }
    }
    await yieldToIo();
    return { loads, audit: events.length ? auditLoad(events) : null };
  }

  private checkDuplicates(index: number, input: Input) {
    const { res } = this;
    if (this.o.op === 'update') {
      // The same record twice: the second change would be checked against the version before the first.
      if (typeof input.id !== 'string') return;
      const first = this.seen.get(`id\u0000${input.id}`);
      if (first !== undefined) throw badField('id', `与第 ${first + 1} 行是同一条记录`, 'DUPLICATE_IN_BATCH');
      this.seen.set(`id\u0000${input.id}`, index);
      return;
    }
    // Within one call the first occurrence of a key wins; later ones are refused.
    for (const [name, k] of Object.entries(res.naturalKeys)) {
      const value = keyOf(res, k.fields, input);
      if (value == null) continue;
      const first = this.seen.get(`${name}\u0000${value}`);
      if (first !== undefined) {
        throw badField(gqlNameOf(res, k.fields[k.fields.length - 1]), `与第 ${first + 1} 行的${k.label}重复`, 'DUPLICATE_IN_BATCH');
      }
      this.seen.set(`${name}\u0000${value}`, index);
    }
  }

  private async writeRow(index: number, slot: number, input: Input): Promise<{ outcome: BulkRowOutcome; entity?: Row }> {
    const { em, res, o, viewer } = this;
    this.checkDuplicates(index, input);
    const target = this.targets.get(slot)!;
    if (target instanceof GraphQLError) throw target;
    const { entity, existing } = target;
    const op = existing ? 'update' : 'create';
    if (!can(viewer, res, op)) throw forbidden(`当前角色不能${existing ? '修改' : '新建'}${res.label}`, { resource: res.name, operation: op });
    if (o.op === 'update') checkVersion(res, entity as { version: number }, input.version as number | null | undefined);
    const { id: _id, version: _version, ...changes } = input;
    // The key an upsert matched on is not a change (a role that may not write it can still match by it).
    if (existing && this.key) for (const name of this.key.fields) delete changes[gqlNameOf(res, name)];
    const childInputs = new Map<Child, Input[]>();
    for (const c of this.nested) {
      if (changes[c.name] !== undefined) childInputs.set(c, (changes[c.name] as Input[] | null) ?? []);
      delete changes[c.name];
    }
    const undo = async () => {
      // A failed row of an existing record must not ride along with the chunk's flush.
      if (existing && o.mode === 'VALID_ONLY') await em.refresh(entity as never);
    };
    try {
      await applyInput(em, res, entity, changes, op, viewer, this.refs);
      // Rows the check cannot tell in memory are all checked in the database after the flush.
      this.scoped.checkLoaded(res, entity);
    } catch (err) {
      await undo();
      throw err;
    }
    let changed = !existing || !same(target.before!, snapshot(res, entity));
    // Nested children refer back to this row: found here, not looked up again.
    this.refs.put(res, entity.id, entity);
    const pending: Array<{ res: ResourceSpec; row: Row; created: boolean; unsure: boolean }> = [];
    for (const [c, list] of childInputs) {
      for (const [j, childInput] of list.entries()) {
        try {
          const child = await this.writeChild(c, entity, childInput);
          pending.push({ ...child, unsure: this.scoped.checkLoaded(child.res, child.row) });
          changed ||= child.changed;
        } catch (err) {
          await undo();
          throw prefixedError(err, `${c.name}.${j}.`);
        }
      }
    }
    // New rows are inserted many per statement after the chunk; changed ones go through the unit of work.
    if (!existing) this.stage(res, entity);
    for (const p of pending) {
      if (p.created) this.stage(p.res, p.row);
      else em.persist(p.row);
      if (p.unsure) this.unsure.set(p.res, [...(this.unsure.get(p.res) ?? []), p.row.id]);
    }
    const status: BulkStatus = !existing ? 'CREATED' : changed ? 'UPDATED' : 'UNCHANGED';
    const version = status === 'UNCHANGED' ? entity.version : status === 'CREATED' ? 1 : undefined;
    return { outcome: { index, status, id: entity.id, version }, entity: changed ? entity : undefined };
  }

  /** A nested child (a guardian): matched among the parent's by the child's natural key, else created. */
  private async writeChild(c: Child, parent: Row, input: Input) {
    const { em, viewer } = this;
    const childRes = targetResource(c);
    const inverse = childRes.fields.find((f) => f.name === c.inverse)!;
    const childKey = (Object.values(childRes.naturalKeys)[0]?.fields ?? []).filter((f) => f !== c.inverse);
    const match = childKey.length
      ? (this.children.get(parent.id) ?? []).find((row) => childKey.every((k) => String(row[k]?.id ?? row[k]) === String(text(input[gqlNameOf(childRes, k)]))))
      : undefined;
    const childInput = { ...input, [inverse.gqlName]: parent.id };
    if (match) {
      const before = snapshot(childRes, match);
      await applyInput(em, childRes, match, childInput, 'update', viewer, this.refs);
      return { res: childRes, row: match, changed: !same(before, snapshot(childRes, match)), created: false };
    }
    const row = blank(em, childRes);
    await applyInput(em, childRes, row, childInput, 'create', viewer, this.refs);
    return { res: childRes, row, changed: true, created: true };
  }
}

/**
 * Lets the event loop serve the connection (send the rest of a COPY's data, read its answer, send
 * the next statement) during a long stretch of checking, so PostgreSQL does not wait for Node.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

const gqlNameOf = (res: ResourceSpec, name: string) => res.fields.find((f) => f.name === name)!.gqlName;

export function naturalKey(res: ResourceSpec, name?: string) {
  const keys = Object.entries(res.naturalKeys);
  if (!keys.length) throw badField('key', `${res.label}没有可用于匹配的唯一标识`, 'NO_NATURAL_KEY');
  const found = name ? keys.find(([k]) => k === name) : keys[0];
  if (!found) throw badField('key', `${res.label}可按 ${keys.map(([k]) => k).join('、')} 匹配`, 'UNKNOWN_KEY');
  return found[1];
}

/**
 * The record each input row writes to: by id for updates (in scope, else NOT_FOUND), by natural
 * key for upserts, a new one otherwise.
 *
 * Keys are unique per bureau, so a key taken by a record outside the viewer's reach cannot be
 * written, by an upsert on it or as another row's key. That row gets one neutral refusal,
 * KEY_UNAVAILABLE: it says neither that nor where the key is registered, and nothing of the record
 * (no id, school or state). Within reach a duplicate names the record (DUPLICATE, existingId).
 */
async function findTargets(scoped: ScopedOrm, res: ResourceSpec, op: BulkOp, key: { fields: string[]; label: string } | undefined, inputs: Input[]) {
  const em = scoped.em as EntityManager;
  const viewer = scoped.viewer!;
  const out = new Map<number, Target | GraphQLError>();
  const populate = writeRelations(res).filter((f) => res.fields.find((x) => x.name === f)?.kind === 'refList');
  if (op === 'update') {
    const ids = inputs.map((r) => r.id).filter((id): id is string => typeof id === 'string' && UUID.test(id));
    const rows = await scoped.byIds(res, ids, { populate });
    const byId = new Map(rows.map((r) => [r.id, r]));
    inputs.forEach((input, i) => {
      const row = typeof input.id === 'string' ? byId.get(input.id) : undefined;
      out.set(i, row ? { entity: row, existing: true, before: snapshot(res, row) } : notFoundRow(res, input.id));
    });
    return out;
  }
  // Natural keys already taken: an upsert updates the match on its key, a create (or an upsert
  // whose other keys belong to another record) refuses the duplicate.
  const matches = new Map<string, Row>();
  const keys = Object.values(res.naturalKeys);
  for (const k of keys) {
    const values = inputs.map((r) => keyOf(res, k.fields, r)).filter((v): v is string => v != null);
    if (!values.length) continue;
    const rows = await findByKey(em, res, viewer.bureauId, k.fields, values.map((v) => v.split('\u0001')));
    if (populate.length) await em.populate(rows as never, populate as never);
    for (const r of rows) matches.set(`${k.label}\u0000${keyOfEntity(k.fields, r)}`, r);
  }
  const inScope = matches.size ? await scoped.idsInScope(res, [...new Set([...matches.values()].map((r) => r.id))]) : new Set<string>();
  const matchOf = (k: { fields: string[]; label: string }, input: Input) => {
    const v = keyOf(res, k.fields, input);
    const row = v != null ? matches.get(`${k.label}\u0000${v}`) : undefined;
    return row ? { row, label: k.label, field: gqlNameOf(res, k.fields[k.fields.length - 1]) } : undefined;
  };
  const unavailable = (m: { label: string; field: string }) =>
    conflict(`${m.label}无法在您的权限范围内登记，请核对；如确需登记，请联系教育局办理`, { field: m.field, rule: 'KEY_UNAVAILABLE' });
  const duplicate = (m: { row: Row; label: string; field: string }) =>
    inScope.has(m.row.id) ? conflict(`${m.label}已存在`, { field: m.field, rule: 'DUPLICATE', existingId: m.row.id }) : unavailable(m);
  inputs.forEach((input, i) => {
    const own = op === 'upsert' ? matchOf(key!, input) : undefined;
    const clash = keys.map((k) => matchOf(k, input)).find((m) => m && m.row !== own?.row);
    if (own && !inScope.has(own.row.id)) out.set(i, unavailable(own));
    else if (clash) out.set(i, duplicate(clash));
    else if (!own) out.set(i, { entity: blank(em, res), existing: false });
    else out.set(i, { entity: own.row, existing: true, before: snapshot(res, own.row) });
  });
  return out;
}

/**
 * A new, unmanaged record to fill in. Plain construction is much cheaper than the ORM's factory;
 * records with many-to-many lists need the ORM's collections, so they get the factory.
 */
function blank(em: EntityManager, res: ResourceSpec): Row {
  if (res.fields.some((f) => f.kind === 'refList')) return em.create(res.entity, {} as never, { persist: false }) as Row;
  return new (res.entity as new () => Row)();
}

function notFoundRow(res: ResourceSpec, id: unknown) {
  if (typeof id !== 'string' || !UUID.test(id)) return new GraphQLError('id 不是有效的编号', { extensions: { code: 'BAD_USER_INPUT', field: 'id', rule: 'ID_FORMAT' } });
  return new GraphQLError(`找不到 ${res.name} ${id}`, { extensions: { code: 'NOT_FOUND', field: 'id', rule: 'NOT_FOUND' } });
}

/**
 * The existing nested children (guardians) of the existing parents of a chunk, by parent id,
 * locked; only those in the viewer's reach, so a write never reads nor matches one beyond it.
 */
async function loadChildren(scoped: ScopedOrm, nested: Child[], parentIds: string[]) {
  const out = new Map<string, Row[]>();
  if (!parentIds.length) return out;
  for (const c of nested) {
    const childRes = targetResource(c);
    const column = scoped.em.getMetadata().get(childRes.entity.name).properties[c.inverse as never] as unknown as { fieldNames: string[] };
    await lockRows(scoped.em, childRes, scoped.viewer!, parentIds, column.fieldNames[0]);
    const rows = await scoped.children(c, parentIds);
    for (const r of rows) {
      const pid = r[c.inverse]?.id;
      out.set(pid, [...(out.get(pid) ?? []), r]);
    }
  }
  return out;
}
