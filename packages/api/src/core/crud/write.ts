import type { Collection } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import { resourceNamed, targetResource } from '../resource/registry';
import { badInput, forbidden, type FieldProblem } from '../errors';
import { canWriteField } from '../access/policy';
import type { Viewer } from '../context';
import { ScopedOrm } from '../data/scoped-orm';
import { checkId, UUID } from './where';
import { RefBatch } from './ref-batch';

type Input = Record<string, unknown>;

/** References already looked up in the viewer's scope (bulk writes load them once per batch). */
export interface RefLookup {
  /** The row, null when it is not in scope, undefined when not looked up. */
  get(target: ResourceSpec, id: string): object | null | undefined;
}

/** A given value's problem under its field's own rules (length, sign, format), or null. */
export function valueProblem(f: FieldSpec, value: unknown, entity: Record<string, any>): { rule: string; message: string } | null {
  if (f.maxLength && typeof value === 'string' && [...value].length > f.maxLength) return { rule: 'TOO_LONG', message: `${f.label}不能超过${f.maxLength}个字` };
  if (f.money && typeof value === 'number' && value < 0) return { rule: 'NEGATIVE_AMOUNT', message: `${f.label}不能为负数` };
  return f.validate?.(value, entity) ?? null;
}

/**
 * Applies create or update input to an entity: required fields, formats, references (which must
 * exist in the viewer's scope), then the resource's cross-field rules. Throws one BAD_USER_INPUT
 * listing every problem; nothing is flushed by this function.
 */
export async function applyInput(
  em: EntityManager,
  res: ResourceSpec,
  entity: Record<string, any>,
  input: Input,
  mode: 'create' | 'update',
  viewer: Viewer,
  refs?: RefLookup,
): Promise<void> {
  const problems: FieldProblem[] = [];
  const scoped = new ScopedOrm(em, viewer).writing();
  // Its references (a visit's student and teacher) looked up together, in one round trip, with
  // the reads a new record's rules will make (a care check's class and teachers) when it declares them.
  // Outside a transaction only: a read ahead that fails must not abort one (RefBatch.load reads again without it).
  refs ??= await new RefBatch().load(scoped, res, [input], mode === 'create' && res.readAhead && !em.isInTransaction() ? { record: entity, reads: res.readAhead(entity, input) } : undefined);
  const problem = (f: FieldSpec, rule: string, message: string) => problems.push({ field: f.gqlName, rule, message });

  for (const f of res.fields) {
    const given = Object.prototype.hasOwnProperty.call(input, f.gqlName) && input[f.gqlName] !== undefined;
    if (!f.writable || (f.createOnly && mode === 'update')) {
      if (given) problem(f, 'READ_ONLY', f.createOnly ? `${f.label}只能通过相应操作修改` : `${f.label}由系统维护，不能修改`);
      else if (mode === 'create' && f.defaultValue && entity[f.name] === undefined) entity[f.name] = f.defaultValue();
      continue;
    }
    if (given && !canWriteField(res, f, viewer)) {
      // Sending a field's current value back (a whole row from a spreadsheet) is not a change.
      if (mode === 'update' && sameAsStored(f, entity[f.name], input[f.gqlName])) continue;
      throw forbidden(`当前角色不能修改${f.label}`, { field: f.gqlName, rule: 'FIELD_NOT_WRITABLE' });
    }
    let value = given ? input[f.gqlName] : undefined;
    if (!given) {
      if (mode === 'update') continue;
      if (f.defaultValue) value = f.defaultValue();
      else if (!f.nullable) {
        problem(f, 'REQUIRED', `${f.label}不能为空`);
        continue;
      } else continue;
    }
    if (typeof value === 'string' && f.kind !== 'secret') value = value.trim();
    if (value === '' && f.kind !== 'secret') value = null;
    // A list given as null is an empty list: the record keeps a collection, never null.
    if (value === null && f.kind === 'refList') value = [];
    if (value === null) {
      if (!f.nullable) problem(f, 'REQUIRED', `${f.label}不能为空`);
      else entity[f.name] = null;
      continue;
    }
    const bad = valueProblem(f, value, entity);
    if (bad) {
      problem(f, bad.rule, bad.message);
      continue;
    }
    if (f.kind === 'ref') {
      const target = targetResource(f);
      let id: string;
      try {
        id = checkId(value, f.gqlName);
      } catch {
        problem(f, 'ID_FORMAT', `${f.label}的编号格式无效`);
        continue;
      }
      // The batch's lookups are in scope: a reference to anything of the bureau is looked up itself.
      const cached = f.anyInBureau ? undefined : refs.get(target, id);
      const found = cached !== undefined ? cached : f.anyInBureau ? await anyOfBureau(em, target, id, viewer) : await scoped.byId(target, id);
      if (!found) problem(f, 'REFERENCE_NOT_FOUND', `${f.label}不存在：${id}`);
      else entity[f.name] = found;
      continue;
    }
    if (f.kind === 'refList') {
      // Ids as PostgreSQL compares them (found rows answer theirs in small letters).
      const wanted = [...new Set((value as string[]).map((id) => (typeof id === 'string' ? id.toLowerCase() : id)))];
      if (wanted.some((id) => !UUID.test(id))) {
        problem(f, 'ID_FORMAT', `${f.label}的编号格式无效`);
        continue;
      }
      const target = targetResource(f);
      // Members already in the list stay as they are: one the editor may read but not write (a
      // child a dropout case grants) is not a new reference to check.
      const kept = mode === 'update' && entity[f.name]?.isInitialized?.() ? (entity[f.name].getItems() as Array<{ id: string }>).filter((m) => wanted.includes(m.id)) : [];
      const looked = wanted.filter((id) => !kept.some((m) => m.id === id));
      const cached = looked.map((id) => refs.get(target, id));
      const fetched = cached.every((r) => r !== undefined) ? cached.filter((r) => r !== null) : looked.length ? await scoped.byIds(target, looked) : [];
      const found = [...kept, ...(fetched as Array<{ id: string }>)];
      const missing = wanted.filter((id) => !found.some((r) => r.id === id));
      if (missing.length) problem(f, 'REFERENCE_NOT_FOUND', `${f.label}不存在：${missing.join(', ')}`);
      else entity[f.name].set([...wanted.map((id) => found.find((r) => r.id === id)), ...(await unseenMembers(scoped, target, entity[f.name], mode, wanted))]);
      continue;
    }
    if (f.kind === 'secret') {
      entity[f.secret!.column] = f.secret!.transform(value as string);
      continue;
    }
    if (f.kind === 'json' && f.jsonMembers && Array.isArray(value) && Array.isArray(entity[f.name])) {
      // Entries named again keep what the input leaves out (a category's since-date and source).
      const key = f.jsonMembers.key;
      const before = new Map((entity[f.name] as Input[]).map((e) => [e[key], e]));
      value = (value as Input[]).map((e) => ({ ...before.get(e[key]), ...Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) }));
    }
    entity[f.name] = f.kind === 'json' ? JSON.parse(JSON.stringify(value)) : value;
  }

  if (mode === 'create' && res.tenant) {
    entity.bureau = em.getReference(resourceNamed('Bureau')!.entity, viewer.bureauId);
  }
  if (problems.length === 0 && res.validate) {
    problems.push(...res.validate(entity));
  }
  if (problems.length > 0) throw badInput(problems);
  await res.beforeSave?.(entity, { mode, input, em, viewer });
}

/** Whether an input value is the stored one (scalars and references; lists and JSON never are). */
function sameAsStored(f: FieldSpec, stored: unknown, given: unknown): boolean {
  if (f.kind === 'ref') return ((stored as { id?: string } | null)?.id ?? null) === (given ?? null);
  if (!['text', 'int', 'bool', 'date', 'enum'].includes(f.kind)) return false;
  const norm = (v: unknown) => (typeof v === 'string' ? v.trim() || null : v ?? null);
  return norm(stored) === norm(given);
}

/**
 * On update, the members of a list the viewer cannot see (another school's child of a family, of
 * a pairing): they were never shown, so the list sent back leaves them out, and they stay.
 */
async function unseenMembers(scoped: ScopedOrm, target: ResourceSpec, list: Collection<Record<string, any>>, mode: 'create' | 'update', wanted: string[]): Promise<object[]> {
  if (mode !== 'update' || scoped.wholeBureau(target)) return [];
  if (!list.isInitialized()) await list.init();
  const current = list.getItems().filter((x) => !wanted.includes(x.id));
  if (!current.length) return [];
  const seen = await scoped.idsInScope(target, current.map((x) => x.id));
  return current.filter((x) => !seen.has(x.id));
}

/** A record of the viewer's bureau, in reach or not (a reference declared `anyInBureau`). */
function anyOfBureau(em: EntityManager, target: ResourceSpec, id: string, viewer: Viewer): Promise<object | null> {
  return em.findOne(target.entity, target.tenant ? { id, bureau: viewer.bureauId } : { id }) as Promise<object | null>;
}
