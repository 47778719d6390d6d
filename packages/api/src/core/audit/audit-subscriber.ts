import { ChangeSetType, type EntityManager, type EventSubscriber, type FlushEventArgs, type TransactionEventArgs } from '@mikro-orm/core';
import { AuditEvent, AuditAction } from './audit-event.entity';
import { resourceNamed } from '../resource/registry';
import { enumLabel } from '../resource/enums';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import { actorOf } from './actor';
import { auditBuffer, auditInsertSql, type AuditData } from './batch';
import { withNext } from '../../db/held-statements';

// Values of these kinds stay out of the trail: it records that they changed, not what to.
const REDACTED_KINDS = new Set(['ID_NUMBER', 'PHONE', 'ADDRESS', 'BIRTH_DATE', 'FOCUS', 'NOTES']);
const REDACTED = '[已隐去]';
const SKIPPED = new Set(['version', 'updatedAt', 'createdAt']);

function present(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'id' in (value as object)) return (value as { id: unknown }).id;
  return value;
}

// A bulk write asks for every new row's event: the field map is built once per resource.
const fieldMaps = new WeakMap<ResourceSpec, Map<string, FieldSpec>>();
function fieldsByName(res: ResourceSpec): Map<string, FieldSpec> {
  let map = fieldMaps.get(res);
  if (!map) fieldMaps.set(res, (map = new Map(res.fields.map((f) => [f.name, f]))));
  return map;
}

const LABELLED_KINDS = new Set(['text', 'int', 'date', 'enum']);

/**
 * What names the record in the trail (its display field: 刘小雨, 城关中学), or null when that field
 * is a kind the trail redacts (a visit named by its address) or no plain value.
 */
function recordLabel(res: ResourceSpec, spec: Map<string, FieldSpec>, entity: Record<string, unknown>, original: Record<string, unknown>): string | null {
  const f = spec.get(res.display);
  if (!f || !LABELLED_KINDS.has(f.kind) || (f.sensitivity && REDACTED_KINDS.has(f.sensitivity))) return null;
  const value = present(entity[f.name] ?? original[f.name]);
  if (value == null || value === '') return null;
  if (f.kind === 'enum') return enumLabel(f.enumObject!, String(value));
  return f.kind === 'date' ? String(value).slice(0, 10) : String(value);
}

/**
 * The audit event of one change: which fields, before and after (sensitive values redacted),
 * by whom. Null when there is nothing to record (an update that changed nothing).
 */
export function auditData(
  em: EntityManager,
  resourceName: string,
  type: 'CREATE' | 'UPDATE' | 'DELETE',
  entity: Record<string, unknown>,
  original: Record<string, unknown>,
  payloadProps: string[],
): AuditData | null {
  const res = resourceNamed(resourceName);
  if (!res) return null;
  const actor = actorOf(em);
  const spec = fieldsByName(res);
  const shown = (prop: string, value: unknown) => {
    const f = spec.get(prop);
    if (!f || f.kind === 'secret' || (f.sensitivity && REDACTED_KINDS.has(f.sensitivity))) return REDACTED;
    return present(value);
  };
  const changed = (type === 'DELETE' ? [] : payloadProps).filter((p) => !SKIPPED.has(p));
  if (type === 'UPDATE' && changed.length === 0) return null;
  const pick = (props: string[], from: (p: string) => unknown) => Object.fromEntries(props.map((p) => [spec.get(p)?.gqlName ?? p, shown(p, from(p))]));
  const action =
    type === 'CREATE' ? AuditAction.CREATE
    : type === 'DELETE' ? AuditAction.DELETE
    : changed.includes('status') ? AuditAction.STATE_CHANGE
    : changed.length === 1 && changed[0] === 'lastLoginAt' ? AuditAction.LOGIN
    : AuditAction.UPDATE;
  const bureauId = (entity.bureau as { id?: string } | undefined)?.id ?? (res.tenant ? undefined : (entity.id as string));
  if (!bureauId) return null;
  const viewer = actor?.viewer;
  return {
    bureau: bureauId,
    actor: viewer && !viewer.tokenId ? viewer.userId : (action === AuditAction.LOGIN ? (entity.id as string) : null),
    actorName: viewer ? viewer.displayName ?? viewer.username : action === AuditAction.LOGIN ? String(entity.username) : '系统',
    role: viewer?.role ?? null,
    action,
    resource: res.name,
    recordId: String(entity.id),
    recordLabel: recordLabel(res, spec, entity, original),
    fields: changed.map((p) => spec.get(p)?.gqlName ?? p),
    before: type === 'CREATE' ? null : pick(type === 'DELETE' ? Object.keys(original).filter((p) => spec.has(p)) : changed, (p) => original[p]),
    after: type === 'DELETE' ? null : pick(changed, (p) => entity[p]),
    requestId: actor?.requestId ?? null,
  };
}

const TYPES = { [ChangeSetType.CREATE]: 'CREATE', [ChangeSetType.UPDATE]: 'UPDATE', [ChangeSetType.DELETE]: 'DELETE' } as const;

/** A flush's events, from its change sets until they are written in its transaction. */
const pending = new WeakMap<EntityManager, AuditData[]>();

/**
 * Turns every change set of a flush into an audit event, written in the same transaction: the
 * change and its record commit or roll back together, whatever wrote them (CRUD, a workflow
 * operation, a cascade). The events are one INSERT held back to go with the COMMIT (a flush in its
 * own transaction) or with the transaction's next statement (a flush inside a longer one), after
 * the rows they name: no round trip of their own, and no entities for the unit of work to track.
 */
export class AuditSubscriber implements EventSubscriber {
  onFlush({ em, uow }: FlushEventArgs): void {
    const events: AuditData[] = [];
    for (const cs of uow.getChangeSets()) {
      if (cs.entity instanceof AuditEvent) continue;
      const type = TYPES[cs.type as keyof typeof TYPES];
      if (!type) continue;
      const data = auditData(em as never, cs.name, type, cs.entity as Record<string, unknown>, (cs.originalEntity ?? {}) as Record<string, unknown>, Object.keys(cs.payload ?? {}));
      if (data) events.push(data);
    }
    // The rows go in after the flush's deletes: an actor deleting their own user is named, not linked.
    const actorType = em.getMetadata().get(AuditEvent.name).properties.actor.type;
    const gone = new Set([...uow.getChangeSets()].filter((cs) => cs.type === ChangeSetType.DELETE && cs.name === actorType).map((cs) => String((cs.entity as { id: unknown }).id)));
    if (gone.size) for (const e of events) if (e.actor && gone.has(e.actor)) e.actor = null;
    // A bulk write collects its events and loads them many rows at a time after the flush.
    const buffer = auditBuffer(em as never);
    if (buffer) buffer.push(...events);
    // Set even when empty: what a failed flush left is not written by the next one.
    else pending.set(em as never, events);
  }

  /** The flush's own transaction: the events go with its COMMIT. */
  async beforeTransactionCommit({ em, uow, transaction }: TransactionEventArgs): Promise<void> {
    if (uow) await writePending(em as never, transaction);
  }

  /** A flush inside a transaction begun before it: the events go with the transaction's next statement. */
  async afterFlush({ em }: FlushEventArgs): Promise<void> {
    await writePending(em as never, (em as never as EntityManager).getTransactionContext());
  }

  afterTransactionRollback({ em }: TransactionEventArgs): void {
    pending.delete(em as never);
  }
}

async function writePending(em: EntityManager, transaction: unknown): Promise<void> {
  const events = pending.get(em);
  pending.delete(em);
  if (!events?.length) return;
  // Outside a transaction (implicit transactions off) the statement is not held: it runs at once.
  await em.getConnection().execute(withNext(auditInsertSql(events)), [], 'run', transaction as never);
}
