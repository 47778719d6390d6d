import type { Context, Viewer } from '../core/context';
import { linkImportedFamilies } from '../roster/household.resolver';
import type { ResourceSpec } from '../core/resource/spec';
import { resourceNamed } from '../core/resource/registry';
import { can } from '../core/access/policy';

export type ImportOp = 'create' | 'upsert';

export interface ImportableSpec {
  /** What a row does by default: always create, or update the record with the same key. */
  op: ImportOp;
  /** The natural key (of the resource's `naturalKeys`) an upsert matches existing records on. */
  key?: string;
  /** Runs once the import committed, with the records written (their own transaction); says what it did. */
  afterImport?: (ctx: Context, ids: string[]) => Promise<string | null>;
}

/**
 * The resources schools import from their spreadsheets (rosters, staff lists, classes, aid
 * lists), and how a row meets the records already there. The one list of importable resources:
 * the routes, the template, the GraphQL `importableResources` and the admin follow from it.
 */
export const importable: Record<string, ImportableSpec> = {
  // Children registered with a brother's or sister's guardian phone join their family (家庭).
  Student: { op: 'upsert', key: 'ID_NUMBER', afterImport: linkImportedFamilies },
  SchoolClass: { op: 'upsert', key: 'SCHOOL_YEAR_NAME' },
  StaffMember: { op: 'create' },
  AssistanceItem: { op: 'create' },
  // 走访对象名单 prepared in a spreadsheet: a row per student, the campaign and teacher by name.
  RosterEntry: { op: 'upsert', key: 'CAMPAIGN_STUDENT' },
};

export interface Importable {
  res: ResourceSpec;
  spec: ImportableSpec;
}

export function importableNamed(name: string): Importable | undefined {
  const spec = Object.prototype.hasOwnProperty.call(importable, name) ? importable[name] : undefined;
  const res = spec && resourceNamed(name);
  return res && res.operations.create ? { res, spec } : undefined;
}

export function importables(): Importable[] {
  return Object.keys(importable).flatMap((name) => importableNamed(name) ?? []);
}

/** The operations an import of this resource may run as: create always, upsert when it has a key. */
export function opsOf(i: Importable): ImportOp[] {
  return i.spec.key && i.res.operations.update ? ['create', 'upsert'] : ['create'];
}

/** The viewer may import at all: create rows, or (upserts) update existing ones. */
export function mayImport(viewer: Viewer, i: Importable): boolean {
  return can(viewer, i.res, 'create') || (opsOf(i).includes('upsert') && can(viewer, i.res, 'update'));
}

export const templatePath = (res: ResourceSpec) => `/import/${res.name}/template.xlsx`;
export const uploadPath = (res: ResourceSpec) => `/import/${res.name}`;
export const reportPath = (id: string) => `/import/reports/${id}.xlsx`;
