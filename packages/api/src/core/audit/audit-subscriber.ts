import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { AuditEvent, AuditAction } from '../../audit/audit-event.entity';
import { resourceNamed } from '../resource/registry';
import type { FieldSpec } from '../resource/spec';
import { actorOf } from './actor';

// Values of these kinds stay out of the trail: it records that they changed, not what to.
const REDACTED_KINDS = new Set(['ID_NUMBER', 'PHONE', 'ADDRESS', 'BIRTH_DATE', 'FOCUS', 'NOTES']);
const REDACTED = '[已隐去]';
const SKIPPED = new Set(['version', 'updatedAt', 'createdAt']);

function present(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'id' in (value as object)) return (value as { id: unknown }).id;
  return value;
}

/**
 * Turns every change set of a flush into an audit event, persisted by the same flush: the
 * change and its record commit or roll back together, whatever wrote them (CRUD, a workflow
 * operation, a cascade).
 */
export class AuditSubscriber implements EventSubscriber {
  onFlush({ em, uow }: FlushEventArgs): void {
    const actor = actorOf(em);
    for (const cs of uow.getChangeSets()) {
      if (cs.entity instanceof AuditEvent) continue;
      const res = resourceNamed(cs.name);
      if (!res) continue;
      const spec = new Map<string, FieldSpec>(res.fields.map((f) => [f.name, f]));
      const shown = (prop: string, value: unknown) => {
        const f = spec.get(prop);
        if (!f || f.kind === 'secret' || (f.sensitivity && REDACTED_KINDS.has(f.sensitivity))) return REDACTED;
        return present(value);
      };
      const changed = Object.keys(cs.type === ChangeSetType.DELETE ? {} : cs.payload).filter((p) => !SKIPPED.has(p));
      if (cs.type === ChangeSetType.UPDATE && changed.length === 0) continue;
      const original = (cs.originalEntity ?? {}) as Record<string, unknown>;
      const entity = cs.entity as Record<string, unknown>;
      const pick = (props: string[], from: (p: string) => unknown) => Object.fromEntries(props.map((p) => [spec.get(p)?.gqlName ?? p, shown(p, from(p))]));
      const action =
        cs.type === ChangeSetType.CREATE ? AuditAction.CREATE
        : cs.type === ChangeSetType.DELETE ? AuditAction.DELETE
        : changed.includes('status') ? AuditAction.STATE_CHANGE
        : changed.length === 1 && changed[0] === 'lastLoginAt' ? AuditAction.LOGIN
        : AuditAction.UPDATE;
      const bureauId = (entity.bureau as { id?: string } | undefined)?.id ?? (res.tenant ? undefined : (entity.id as string));
      if (!bureauId) continue;
      const viewer = actor?.viewer;
      const event = em.create(AuditEvent, {
        bureau: bureauId,
        actor: viewer && !viewer.tokenId ? viewer.userId : (action === AuditAction.LOGIN ? (entity.id as string) : null),
        actorName: viewer ? viewer.displayName ?? viewer.username : action === AuditAction.LOGIN ? String(entity.username) : '系统',
        role: viewer?.role ?? null,
        action,
        resource: res.name,
        recordId: String(entity.id),
        fields: (cs.type === ChangeSetType.DELETE ? [] : changed).map((p) => spec.get(p)?.gqlName ?? p),
        before: cs.type === ChangeSetType.CREATE ? null : pick(cs.type === ChangeSetType.DELETE ? Object.keys(original).filter((p) => spec.has(p)) : changed, (p) => original[p]),
        after: cs.type === ChangeSetType.DELETE ? null : pick(changed, (p) => entity[p]),
        requestId: actor?.requestId ?? null,
      } as never);
      uow.computeChangeSet(event);
    }
  }
}
