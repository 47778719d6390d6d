import type { Viewer } from '../context';
import type { ViewLog } from '../audit/view-log';
import { shownAs } from '../access/mask';
import { asGraphQL, isAuditedRead } from '../access/field-guard';
import type { Shape } from './compile';

/**
 * Marks an object answered by the read compiler: its fields are final (masked, hidden, nested
 * objects in place), so the schema's field resolvers hand them on as they are (passThrough).
 */
export const COMPILED = Symbol('compiled');

type Row = Record<string | symbol, any>;

/**
 * Finishes compiled rows in place: masks what the role reads masked, applies rules that depend on
 * the row, notes full reads of audited fields for the VIEW event, and marks every object.
 */
export function finishRows(shape: Shape, rows: Row[], viewer: Viewer, views: ViewLog): Row[] {
  for (const row of rows) finishRow(shape, row, viewer, views);
  return rows;
}

function finishRow(shape: Shape, row: Row, viewer: Viewer, views: ViewLog): void {
  row[COMPILED] = true;
  let view: Row | undefined;
  for (const leaf of shape.leaves) {
    const value = row[leaf.key];
    if (value == null) continue;
    let access = leaf.rule;
    if (typeof access === 'function') access = access((view ??= rowView(shape, row)), viewer);
    if (isAuditedRead(leaf.field, access, value)) views.record(shape.res.name, row.id, leaf.key);
    if (access !== 'full') row[leaf.key] = asGraphQL(leaf.field, shownAs(access, leaf.field.sensitivity, value));
  }
  for (const n of shape.nested) {
    const value = row[n.key];
    if (value == null) continue;
    if (n.many) for (const item of value as Row[]) finishRow(n.shape, item, viewer, views);
    else finishRow(n.shape, value as Row, viewer, views);
  }
}

/** The row as a rule of the policy reads it: references as `{ id }` under their property names. */
function rowView(shape: Shape, row: Row): Row {
  const view: Row = { ...row };
  for (const f of shape.refs) view[f.name] = row[f.gqlName] ? { id: row[f.gqlName] } : null;
  return view;
}
