import type { Viewer } from '../context';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import { forbidden } from '../errors';
import type { FieldAccess, FieldRule, Operation, ResourcePolicy, RoleReach, Sensitivity, StudentGrant } from './types';

// Reads the policy the application installs at start-up (src/policy.ts, by src/registry.ts):
// nothing else decides what a role may do, and core names no role itself.

/** What each role may reach, do and read: the application's policy, as core reads it. */
export interface AccessPolicy {
  /** The kind of reach of each role (core/data/reach.ts). */
  reach: Record<string, RoleReach>;
  /** How each role reads each kind of personal data. */
  fieldMatrix: Record<string, Record<Sensitivity, FieldRule>>;
  /** Per resource: links to schools and students, operations per role, field rules. */
  resources: Record<string, ResourcePolicy>;
  /** Who reads aggregate and compliance reports, and the students behind them. */
  reportReaders: Record<'aggregate' | 'compliance' | 'childLists', readonly string[]>;
  /** Readers of aggregates only, from whom cells below smallCellLimit are withheld. */
  smallCellReaders: readonly string[];
  smallCellLimit: number;
  /** Rows that open their student to their school's staff for reading (see StudentGrant). */
  grants?: readonly StudentGrant[];
  /** Roles that may ask for technical details (record ids, versions) on screens and in exports. */
  technicalReaders?: readonly string[];
}

let installed: AccessPolicy | undefined;

/** Hands the application's policy to core; done once, when the registry is loaded. */
export function installPolicy(policy: AccessPolicy): void {
  installed = policy;
}

/** The installed policy; reading it before the registry is loaded is a programming error. */
export function accessPolicy(): AccessPolicy {
  if (!installed) throw new Error('No access policy installed: load the application registry (src/registry.ts) first');
  return installed;
}

const NONE: ResourcePolicy = { links: 'bureau', access: {} };

export function policyOf(res: ResourceSpec | string): ResourcePolicy {
  return accessPolicy().resources[typeof res === 'string' ? res : res.name] ?? NONE;
}

export function can(viewer: Viewer, res: ResourceSpec | string, op: Operation): boolean {
  return policyOf(res).access[viewer.role]?.includes(op) ?? false;
}

/** Whether the role may see technical details (FieldSpec.technical), which clerks are spared. */
export function readsTechnical(viewer: Viewer): boolean {
  return accessPolicy().technicalReaders?.includes(viewer.role) ?? false;
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
  return policyOf(res).fieldRules?.[field.name]?.[viewer.role] ?? (field.sensitivity ? accessPolicy().fieldMatrix[viewer.role][field.sensitivity] : 'full');
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
  const rule = accessPolicy().fieldMatrix[viewer.role][kind];
  return typeof rule === 'function' ? 'hidden' : rule;
}

/** Whether report cells of 1–4 are withheld from the viewer (readers of aggregates only). */
export function withholdsSmallCells(viewer: Viewer): boolean {
  return accessPolicy().smallCellReaders.includes(viewer.role);
}

/** Whether the viewer may read the students behind a report's counts (complianceGaps, the download's list). */
export function readsChildLists(viewer: Viewer): boolean {
  return accessPolicy().reportReaders.childLists.includes(viewer.role);
}
