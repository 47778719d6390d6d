import type { Viewer } from '../context';

/** Kinds of personal data a field holds; the role matrix says who reads each how. */
export type Sensitivity = 'ID_NUMBER' | 'NAME' | 'PHONE' | 'ADDRESS' | 'BIRTH_DATE' | 'FOCUS' | 'AMOUNT' | 'NOTES';

/** How a field reads for a role: in full, masked (张*明, 138****5678), or not at all (null). */
export type FieldAccess = 'full' | 'masked' | 'hidden';

/** A field rule may depend on the row (a teacher sees amounts of the items they recorded). */
export type FieldRule = FieldAccess | ((row: any, viewer: Viewer) => FieldAccess);

/** The rows a role reaches: its bureau, its school with the attached ones, or its own students. */
export type RoleReach = 'bureau' | 'school' | 'ownStudents';

/** CRUD operations, plus named actions of a resource's workflow (review, …). */
export type Operation = 'read' | 'create' | 'update' | 'delete' | (string & {});

/**
 * How a row reaches the school and the student it concerns: property paths, several meaning
 * "any of". A path segment ending in [] crosses a many-to-many list (a pairing's students).
 */
export interface RowLinks {
  school?: string[];
  student?: string[];
  /** Staff the row concerns (a pairing's helpers): a teacher also reaches those rows. */
  staff?: string[];
  /** Paths to a student whose rows a grant (AccessPolicy.grants) opens to read beyond the kind's reach. */
  granted?: string[];
}

/**
 * Rows that let staff read the child they name wherever the child is now (a dropout case's child
 * after leaving the roster): the staff of the row's school, and the staff member it names. Reads
 * only: writes see the viewer without grants.
 */
export interface StudentGrant {
  /** The granting resource and its references, by field name. */
  resource: string;
  student: string;
  school: string;
  staff?: string;
  /** Only while the row's enum fields hold one of these values (a case still open). */
  while?: Record<string, readonly string[]>;
}

export interface ResourcePolicy {
  /** 'bureau': the same rows for every role of the bureau (regions, campaigns). */
  links: RowLinks | 'bureau';
  /** Operations each role may perform; a role not listed may do nothing with the resource. */
  access: Partial<Record<string, readonly Operation[]>>;
  /** When a role may update only some fields (资助中心: a student's categories). */
  writableFields?: Partial<Record<string, readonly string[]>>;
  /** Field rules beyond the sensitivity matrix, by field and role. */
  fieldRules?: Record<string, Partial<Record<string, FieldRule>>>;
}
