import type { Context, Viewer } from '../context';
import type { ResourceSpec } from '../resource/spec';
import { assertCan } from '../access/policy';
import type { Operation } from '../access/types';
import { conflict, forbidden, notFound, unauthenticated } from '../errors';
import { checkId } from './where';
import { applyInput } from './write';
import { mapDbError } from './db-errors';
import { claimWrite, rememberWrite } from './write-key';
import { applyNewWithChildren } from './nested';
import { CONFIRM_DUPLICATE, checkPossibleDuplicate } from './possible-duplicate';

// The write path shared by the generic CRUD and by the workflow operations of each area
// (departVisit, closeDropoutCase, …): scope, version check, rules, one flush.

export function viewerOf(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** References and reference lists a write may touch, loaded with the record. */
export function writeRelations(res: ResourceSpec): string[] {
  return res.fields.filter((f) => (f.kind === 'ref' || f.kind === 'refList') && f.writable).map((f) => f.name);
}

/** The row with this id if the viewer may see it; NOT_FOUND otherwise (never the row). */
export async function findInScope<T = Record<string, any>>(ctx: Context, res: ResourceSpec, id: string, populate: string[] = [], scoped = ctx.scoped): Promise<T> {
  viewerOf(ctx); // unauthenticated before a malformed id
  const row = await scoped.byId(res, checkId(id, 'id'), { populate });
  if (!row) throw notFound(res.name, id);
  return row as T;
}

/** The row to act on: the role may perform `op` on the resource, and the row is in its scope. */
export async function findForWrite<T = Record<string, any>>(ctx: Context, res: ResourceSpec, id: string, op: Operation, populate: string[] = []): Promise<T> {
  assertCan(viewerOf(ctx), res, op);
  return findInScope<T>(ctx, res, id, populate, ctx.scoped.writing());
}

/** Every row of `ids` for `op`: all must be in scope, or none is touched (NOT_FOUND names the first missing). */
export async function findManyForWrite<T = Record<string, any>>(ctx: Context, res: ResourceSpec, ids: string[], op: Operation): Promise<T[]> {
  const viewer = viewerOf(ctx);
  assertCan(viewer, res, op);
  const rows = await ctx.scoped.writing().list<T & { id: string }>(res, { ids });
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound(res.name, missing);
  return rows;
}

/** Refuses a write based on a version someone else has since changed. */
export function checkVersion(res: ResourceSpec, entity: { version: number }, version: number | null | undefined): void {
  if (version != null && version !== entity.version) {
    throw conflict(`${res.label}已被他人修改（当前版本 ${entity.version}，您编辑的是版本 ${version}），请刷新后再改`, {
      rule: 'STALE_VERSION',
      field: 'version',
    });
  }
}

/**
 * Writes the unit of work in one transaction. Rows created or changed must still be in the
 * viewer's scope afterwards (a principal cannot move a student to another school): tested on the
 * entities before anything is written, or, where a link is not loaded, in the same transaction
 * after the flush; database refusals become client errors.
 */
export async function flushFor(
  ctx: Context,
  res: ResourceSpec,
  action: 'write' | 'delete',
  written: Array<{ id: string }> = [],
  children: Array<{ res: ResourceSpec; row: { id: string } }> = [],
): Promise<void> {
  const scoped = ctx.scoped.writing();
  // Rows (the record, its nested children) not testable before the flush: one reach query per resource after it.
  const unsure = new Map<ResourceSpec, string[]>();
  for (const { res: r, row } of [...written.map((row) => ({ res, row })), ...children]) {
    if (scoped.checkLoaded(r, row)) unsure.set(r, [...(unsure.get(r) ?? []), row.id]);
  }
  // The request's key covers its first write (one mutation per keyed request).
  const key = ctx.writeKey && !ctx.writeKey.claimed ? ctx.writeKey : undefined;
  await ctx.em.begin();
  try {
    if (key) await claimWrite(ctx.em, viewerOf(ctx), key);
    await ctx.em.flush();
    for (const [r, ids] of unsure) {
      if (!(await scoped.allInScope(r, ids))) throw forbidden(`不能把${r.label}写到您的权限范围以外`, { rule: 'OUT_OF_SCOPE' });
    }
    if (key) await rememberWrite(ctx.em, viewerOf(ctx), key, written.map((row) => row.id));
    await ctx.em.commit();
  } catch (err) {
    await ctx.em.rollback();
    throw mapDbError(res, err, action);
  }
}

export function createRecord(ctx: Context, res: ResourceSpec, input: Record<string, unknown>) {
  return createRecordWith(ctx, res, input);
}

/** Creates a record from input, with server-set values filled in by `prepare` before the rules run. */
export async function createRecordWith(ctx: Context, res: ResourceSpec, input: Record<string, unknown>, prepare?: (entity: Record<string, any>) => void) {
  const viewer = viewerOf(ctx);
  assertCan(viewer, res, 'create');
  const { [CONFIRM_DUPLICATE]: _confirmed, ...given } = input;
  const entity = ctx.em.create(res.entity, {} as never, { persist: false }) as Record<string, any>;
  prepare?.(entity);
  // Nested children (a new student's guardians) are checked with it and written in its transaction.
  const children = await applyNewWithChildren(ctx, res, entity, given, viewer);
  await checkPossibleDuplicate(ctx, res, entity, input);
  ctx.em.persist(entity);
  for (const c of children) ctx.em.persist(c.row);
  await flushFor(ctx, res, 'write', [entity as { id: string }], children as Array<{ res: ResourceSpec; row: { id: string } }>);
  return entity;
}

export async function updateRecord(ctx: Context, res: ResourceSpec, id: string, version: number | null | undefined, changes: Record<string, unknown>) {
  const entity = await findForWrite(ctx, res, id, 'update', writeRelations(res));
  checkVersion(res, entity as { version: number }, version);
  await applyInput(ctx.em, res, entity, changes, 'update', viewerOf(ctx));
  await flushFor(ctx, res, 'write', [entity as { id: string }]);
  return entity;
}
