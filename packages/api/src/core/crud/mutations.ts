import type { Context, Viewer } from '../context';
import type { ResourceSpec } from '../resource/spec';
import { rowScope } from '../access/scope';
import { conflict, notFound, unauthenticated } from '../errors';
import { checkId } from './where';
import { applyInput } from './write';
import { mapDbError } from './db-errors';

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
export async function findInScope<T = Record<string, any>>(ctx: Context, res: ResourceSpec, id: string, populate: string[] = []): Promise<T> {
  const row = await ctx.em.findOne(res.entity, { $and: [rowScope(res, viewerOf(ctx)), { id: checkId(id, 'id') }] }, { populate: populate as never });
  if (!row) throw notFound(res.name, id);
  return row as T;
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

/** Flushes the unit of work in one transaction, turning database refusals into client errors. */
export async function flushFor(ctx: Context, res: ResourceSpec, action: 'write' | 'delete'): Promise<void> {
  try {
    await ctx.em.flush();
  } catch (err) {
    throw mapDbError(res, err, action);
  }
}

export function createRecord(ctx: Context, res: ResourceSpec, input: Record<string, unknown>) {
  return createRecordWith(ctx, res, input);
}

/** Creates a record from input, with server-set values filled in by `prepare` before the rules run. */
export async function createRecordWith(ctx: Context, res: ResourceSpec, input: Record<string, unknown>, prepare?: (entity: Record<string, any>) => void) {
  const entity = ctx.em.create(res.entity, {} as never, { persist: false }) as Record<string, any>;
  prepare?.(entity);
  await applyInput(ctx.em, res, entity, input, 'create', viewerOf(ctx));
  ctx.em.persist(entity);
  await flushFor(ctx, res, 'write');
  return entity;
}

export async function updateRecord(ctx: Context, res: ResourceSpec, id: string, version: number | null | undefined, changes: Record<string, unknown>) {
  const entity = await findInScope(ctx, res, id, writeRelations(res));
  checkVersion(res, entity as { version: number }, version);
  await applyInput(ctx.em, res, entity, changes, 'update', viewerOf(ctx));
  await flushFor(ctx, res, 'write');
  return entity;
}
