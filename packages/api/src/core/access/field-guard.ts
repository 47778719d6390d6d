import { UseMiddleware, type MiddlewareFn } from 'type-graphql';
import type { Context } from '../context';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import { AUDITED_READS } from '../audit/view-log';
import { fieldAccess, policyOf } from './policy';
import { shownAs } from './mask';

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
  const audited = !!f.sensitivity && AUDITED_READS.has(f.sensitivity);
  return async ({ root, context }, next) => {
    const value = await next();
    if (value == null || !context.viewer) return context.viewer ? value : null;
    const access = fieldAccess(res, f, context.viewer, root);
    if (access === 'full' && audited && !(Array.isArray(value) && value.length === 0)) {
      context.views.record(res.name, (root as { id: string }).id, f.gqlName);
    }
    return shownAs(access, f.sensitivity, value);
  };
}
