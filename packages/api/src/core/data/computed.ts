import type { ResourceSpec } from '../resource/spec';
import type { CompiledObject, Shape } from './compile';
import type { Selection } from './selection';

/** A computed field's value as SQL, and the shape of the resource object(s) it holds, if any. */
export interface ComputedValue {
  json: string;
  nested?: { shape: Shape; many: boolean };
}

/** What a computed field is built with; row reach stays the compiler's (childRows). */
export interface ComputedTools {
  /** A resource's object for a selection over alias `t`, as the compiler builds any (masks included). */
  compile(res: ResourceSpec, sel: Selection, t: string): CompiledObject | undefined;
  /** The rows of one of `res`'s child lists under row `a`, within the viewer's reach, over a fresh alias, and the list's order. */
  childRows(res: ResourceSpec, a: string, child: string): { res: ResourceSpec; alias: string; from: string; where: string; order: string } | undefined;
  /** A field's column on alias `t` of `res`. */
  column(res: ResourceSpec, t: string, field: string): string;
}

/**
 * A computed field (a field resolver of an area: a visit's `overdue`, a student's `latestVisit`)
 * as SQL over the row aliased `a`, so a selection asking for it is still one statement.
 * Undefined when this selection of it cannot be compiled (the read then goes through the ORM).
 */
export type ComputedField = (tools: ComputedTools, res: ResourceSpec, a: string, sel: Selection | null) => ComputedValue | undefined;

const computed = new Map<string, Map<string, ComputedField>>();

/** Called by the application at start-up (registry.ts), as the policy is. */
export function installComputedFields(resource: string, fields: Record<string, ComputedField>): void {
  let byField = computed.get(resource);
  if (!byField) computed.set(resource, (byField = new Map()));
  for (const [name, field] of Object.entries(fields)) byField.set(name, field);
}

export function computedField(resource: string, field: string): ComputedField | undefined {
  return computed.get(resource)?.get(field);
}
