import { UseMiddleware, type MiddlewareFn } from 'type-graphql';
import type { Context, Viewer } from '../context';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import { AUDITED_READS, type ViewLog } from '../audit/view-log';
import { fieldAccess, policyOf } from './policy';
import { shownAs } from './mask';
import type { FieldAccess } from './types';

/**
 * Every field the policy restricts gets a guard: the value leaves the server in full, masked or
 * as null, per the viewer's role (and the row, where the rule depends on it). Never an error,
 * so a list page with a hidden column still loads.
 */
export function guardFields(res: ResourceSpec): void {
  const rules = policyOf(res).fieldRules ?? {};
  for (const f of res.fields) {
    if (f.kind === 'secret' || f.kind === 'refList' || (!f.sensitivity && !rules[f.name])) continue;
    UseMiddleware(guard(res, f))(res.entity.prototype, f.gqlName);
  }
}

function guard(res: ResourceSpec, f: FieldSpec): MiddlewareFn<Context> {
  return async ({ root, context }, next) => {
    const value = await next();
    if (value == null || !context.viewer) return context.viewer ? value : null;
    return asGraphQL(f, guardedValue(res, f, root, value, context.viewer, context.views));
  };
}

/**
 * LocalDate carries a day: a date read as year and month answers the first of the month
 * (me.permissions says MASKED; exports and printed forms show 2015-03).
 */
export function asGraphQL(f: FieldSpec, shown: unknown): unknown {
  return f.kind === 'date' && typeof shown === 'string' && /^\d{4}-\d{2}$/.test(shown) ? `${shown}-01` : shown;
}

/** Whether reading this value so is a full read of an audited field (an empty list is not). */
export function isAuditedRead(f: FieldSpec, access: FieldAccess, value: unknown): boolean {
  return access === 'full' && !!f.sensitivity && AUDITED_READS.has(f.sensitivity) && !(Array.isArray(value) && value.length === 0);
}

/**
 * A row's field value as the viewer may see it (in full, masked or null), noting a full read of
 * an audited field (other than an empty list) for the VIEW event. Shared by the GraphQL field
 * guard and the printed forms, so both show and audit alike.
 */
export function guardedValue(res: ResourceSpec, f: FieldSpec, row: unknown, value: unknown, viewer: Viewer, views: ViewLog): unknown {
  const access = fieldAccess(res, f, viewer, row);
  if (isAuditedRead(f, access, value)) views.record(res.name, (row as { id: string }).id, f.gqlName);
  return shownAs(access, f.sensitivity, value);
}
