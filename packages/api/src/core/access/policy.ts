import type { Role } from '../../org/org.enums';
import { FIELD_MATRIX, REACH, RESOURCES, REPORT_READERS, SMALL_CELL_READERS } from '../../policy';
import type { Viewer } from '../context';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import { forbidden } from '../errors';
import type { FieldAccess, FieldRule, Operation, ResourcePolicy, Sensitivity } from './types';

// Reads the policy table (src/policy.ts): nothing else decides what a role may do.

const NONE: ResourcePolicy = { links: 'bureau', access: {} };

export function policyOf(res: ResourceSpec | string): ResourcePolicy {
  return RESOURCES[typeof res === 'string' ? res : res.name] ?? NONE;
}

export function reachOf(role: Role) {
  return REACH[role];
}

export function can(viewer: Viewer, res: ResourceSpec | string, op: Operation): boolean {
  return policyOf(res).access[viewer.role]?.includes(op) ?? false;
}

const OP_LABELS: Record<string, string> = { read: '查看', create: '新建', update: '修改', delete: '删除', review: '审核' };

/** Refuses an operation the role may not perform on the resource. */
export function assertCan(viewer: Viewer, res: ResourceSpec, op: Operation): void {
  if (!can(viewer, res, op)) {
    throw forbidden(`当前角色不能${OP_LABELS[op] ?? op}${res.label}`, { resource: res.name, operation: op });
  }
}

/** The rule for a field and role: the resource's own, else the sensitivity matrix, else full. */
export function ruleOf(res: ResourceSpec, field: FieldSpec, viewer: Viewer): FieldRule {
  return policyOf(res).fieldRules?.[field.name]?.[viewer.role] ?? (field.sensitivity ? FIELD_MATRIX[viewer.role][field.sensitivity] : 'full');
}

/** How the viewer reads this field, for this row when the rule depends on it. */
export function fieldAccess(res: ResourceSpec, field: FieldSpec, viewer: Viewer, row?: unknown): FieldAccess {
  const rule = ruleOf(res, field, viewer);
  if (typeof rule === 'function') return row === undefined ? 'hidden' : rule(row, viewer);
  return rule;
}

/** Whether every row shows the field in full (else filters and sorts on it are refused). */
export function fullForEveryRow(res: ResourceSpec, field: FieldSpec, viewer: Viewer): boolean {
  return ruleOf(res, field, viewer) === 'full';
}

/** Whether the role may write this field (given it may update the resource at all). */
export function canWriteField(res: ResourceSpec, field: FieldSpec, viewer: Viewer): boolean {
  const only = policyOf(res).writableFields?.[viewer.role];
  return !only || only.includes(field.name) || only.includes(field.gqlName);
}

/**
 * How the viewer reads a kind of personal data outside a resource's fields (a report's 校长
 * column, ages counted from birth dates); a rule that depends on the row reads as hidden.
 */
export function kindAccess(viewer: Viewer, kind: Sensitivity): FieldAccess {
  const rule = FIELD_MATRIX[viewer.role][kind];
  return typeof rule === 'function' ? 'hidden' : rule;
}

/** Whether report cells of 1–4 are withheld from the viewer (readers of aggregates only). */
export function withholdsSmallCells(viewer: Viewer): boolean {
  return SMALL_CELL_READERS.includes(viewer.role);
}

/** Whether the viewer may read the students behind a report's counts (complianceGaps, the download's list). */
export function readsChildLists(viewer: Viewer): boolean {
  return REPORT_READERS.childLists.includes(viewer.role);
}
