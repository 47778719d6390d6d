import type { ResourceSpec } from './spec';
import { enumLabel } from './enums';
import { conflict } from '../errors';

/**
 * A workflow step on one record (出发, 完成, 确认辍学): its mutation, and the states of the record
 * it starts from. Declared once with the resource; the resolver checks a record by it, and
 * `resources { actions }` hands it to the admin, which offers a step only where it would pass.
 */
export interface ActionSpec {
  mutation: string;
  /** The button (出发). */
  label: string;
  /** The operation the role needs: 'update' unless said ('review'). */
  operation?: string;
  /**
   * Any one of these must hold: each field listed has one of its values (`{ status: ['PLANNED'],
   * form: ['HOME'] }`). The first field of each is the one a refusal names (the status).
   */
  from: ReadonlyArray<Readonly<Record<string, readonly string[]>>>;
  /** The rule a refusal names (VISIT_TRANSITION). */
  rule: string;
}

export function actionOf(res: ResourceSpec, mutation: string): ActionSpec {
  const action = res.actions.find((a) => a.mutation === mutation);
  if (!action) throw new Error(`${res.name} declares no action ${mutation}`);
  return action;
}

/** Whether the record is in a state the step starts from. */
export function actionAllowed(action: ActionSpec, record: Record<string, unknown>): boolean {
  return action.from.some((state) => Object.entries(state).every(([field, values]) => values.includes(String(record[field]))));
}

/** The label of a field's value, as the record's enum names it. */
function valueLabel(res: ResourceSpec, field: string, value: unknown): string {
  const enumObject = res.fields.find((f) => f.name === field)?.enumObject;
  return enumObject ? enumLabel(enumObject, String(value)) : String(value);
}

/**
 * Refuses the step on a record in another state, naming the state and the ones it needs in
 * Chinese (家访当前为“已出发”，不能出发（需要“已报备（待出发）”）).
 */
export function checkAction(res: ResourceSpec, mutation: string, record: Record<string, unknown>): void {
  const action = actionOf(res, mutation);
  if (actionAllowed(action, record)) return;
  // The states whose other conditions the record meets (a phone visit needs no departure), by their first field.
  const field = Object.keys(action.from[0])[0];
  const fitting = action.from.filter((state) => Object.entries(state).every(([f, values]) => f === field || values.includes(String(record[f]))));
  const needed = [...new Set(fitting.flatMap((state) => state[field]))];
  const label = (v: unknown) => `“${valueLabel(res, field, v)}”`;
  const message = needed.length
    ? `${res.label}当前为${label(record[field])}，不能${action.label}（需要${needed.map(label).join('或')}）`
    : `该${res.label}不能${action.label}`;
  throw conflict(message, { rule: action.rule, field, [field]: record[field], allowed: needed });
}
