import type { GraphQLScalarType } from 'graphql';

/** A problem found in one value: a stable rule id and a message for people. */
export type Problem = { rule: string; message: string } | null;
/** Checks one value (never null here); `record` is the whole row after the write. */
export type Validator = (value: any, record: Record<string, any>) => Problem;

export type FieldKind =
  | 'id' | 'text' | 'int' | 'bool' | 'date' | 'datetime' | 'enum' | 'enumList' | 'json' | 'ref' | 'refList' | 'secret';

export type EntityClass<T = any> = new (...args: any[]) => T;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type GqlTypeRef = GraphQLScalarType | Function | object | [GraphQLScalarType | Function | object];

/** One property of an entity, as every part of the system sees it. */
export interface FieldSpec {
  /** Entity property name. */
  name: string;
  /** GraphQL field and argument name (references: `schoolId`). */
  gqlName: string;
  kind: FieldKind;
  /** Chinese label, the GraphQL description. */
  label: string;
  nullable: boolean;
  /** May be given on create / update. */
  writable: boolean;
  /** Given on create only; changed afterwards by the resource's own operations (a status). */
  createOnly: boolean;
  /** Value used on create when the input leaves the field out. */
  defaultValue?: () => unknown;
  /** Part of the `q` search. */
  search: boolean;
  /** Offered as a filter and sort by the screens, so it carries an index (unless balanced). */
  indexed: boolean;
  /** Each value holds a large share of the rows: no index of its own (CommonOptions.balanced). */
  balanced?: boolean;
  unique: boolean;
  /** Integer money in fen (分). */
  money: boolean;
  maxLength?: number;
  validate?: Validator;
  /** enum / enumList: the enum object and its GraphQL name. */
  enumObject?: object;
  /** json: output and input GraphQL types. */
  jsonType?: () => GqlTypeRef;
  jsonInputType?: () => GqlTypeRef;
  /** json arrays of objects whose `key` holds an enum: filtered like an enum list. */
  jsonMembers?: { key: string; enumObject: object };
  /** ref / refList: the target entity. */
  target?: () => EntityClass;
  /**
   * ref: may name any record of the bureau, not only one in the writer's reach (a transfer's
   * receiving school). What the writer may read of it is unchanged.
   */
  anyInBureau?: boolean;
  /** What a new record's form suggests (FormSuggestion): now, a time ahead, the user's own staff record, the picked reference's value. */
  suggest?: string;
  /** Forms show the input only while `field` holds one of `values` (CommonOptions.shownWhen). */
  shownWhen?: { field: string; values: readonly string[] };
  /** enum: the values a new record may start in. */
  createChoices?: readonly string[];
  /** What a form fills in from another field as it is typed (the gender in a 身份证号), never over a typed value. */
  derive?: Derivation;
  /** The kind of personal data held (ID number, name, phone …), read per the role matrix. */
  sensitivity?: import('../access/types').Sensitivity;
  /**
   * Bookkeeping a clerk does not read (ids, versions, request ids): left off screens and exports
   * unless a role the policy lets read technical details asks for them.
   */
  technical?: boolean;
  /** secret: turns the plain input into the stored value of `column`. */
  secret?: { column: string; transform: (plain: string) => string };
}

/**
 * A value read from another field of the same record: `from` names the field, `fact` what is read
 * from it. Facts are the admin's to compute (as `suggest`'s `now`): ID_NUMBER_GENDER and
 * ID_NUMBER_BIRTH_DATE read a 身份证号 (GB 11643).
 */
export interface Derivation {
  from: string;
  fact: 'ID_NUMBER_GENDER' | 'ID_NUMBER_BIRTH_DATE';
}

/**
 * Records that may be the same as a new one (same name, birth date and school): creating one is
 * refused with CONFLICT / POSSIBLE_DUPLICATE until the input confirms it (`confirmDuplicate`).
 */
export interface PossibleDuplicate {
  /** Entity property names (references by their id) that all match. */
  fields: string[];
  /** The refusal's first words (该校已有同名同出生日期的学生). */
  label: string;
}

/** A nested list of child rows pointing back through `inverse` (a school's classes). */
export interface ChildrenSpec {
  name: string;
  label: string;
  target: () => EntityClass;
  inverse: string;
  orderBy?: Record<string, 'asc' | 'desc'>;
  /** Written with the parent by bulk writes and imports (a student's guardians), matched by the child's natural key. */
  nested?: boolean;
  /** Rows a parent typically has (a school's students), for a query's cost; 20 when not said. */
  expected?: number;
}

/** A natural key rows are matched by in upserts and imports (身份证号, school code). */
export interface NaturalKey {
  /** Entity property names; references by their id. */
  fields: string[];
  label: string;
}

export type Area = 'org' | 'roster' | 'visit' | 'pairing' | 'assistance' | 'dropout' | 'system';

export interface ResourceOptions {
  /** Chinese name, the GraphQL type description and the admin's menu label. */
  label: string;
  area: Area;
  /** Fields matched by `q`; dotted paths follow references (`school.name`). */
  search?: string[];
  /** The field that names a record in references and titles. */
  display: string;
  /**
   * What tells records of the same name apart in pickers (two 韩晓雪: their school, class and
   * birth year). Each viewer gets only the parts it reads in full.
   */
  subtitle?: SubtitlePart[];
  defaultSort?: { field: string; order: 'ASC' | 'DESC' };
  /**
   * The columns a list shows at first, when the admin's ranking (display field, indexed fields)
   * would show bookkeeping instead of what people read the list for (the audit trail: who, what,
   * which record, not request ids). The others stay in the column picker.
   */
  listFields?: string[];
  children?: Record<string, Omit<ChildrenSpec, 'name'>>;
  /**
   * Lists of this resource shown under another (a student's visits), declared here so the
   * parent's area need not know this one.
   */
  listedUnder?: Array<{ parent: () => EntityClass; as: string; label: string; inverse: string; orderBy?: Record<string, 'asc' | 'desc'>; expected?: number }>;
  /** Rows a county typically has (one bureau, a few hundred schools), for a query's cost when no page size is given. */
  typicalRows?: number;
  /** Rows carry `bureauId` and are scoped by it (all but Bureau itself). */
  tenant?: boolean;
  /** Checks across fields, after each field is valid on its own. */
  validate?: (record: any) => Array<{ field: string; rule: string; message: string }>;
  /** Operations the API offers beyond reading and updating (default: all). */
  operations?: { create?: boolean; update?: boolean; delete?: boolean };
  /**
   * Runs after the input is applied and every field rule passed, before the write: derives
   * values (a status, a school year) and checks rules that need the database. Throws to refuse.
   */
  beforeSave?: (record: any, save: SaveContext) => Promise<void> | void;
  /**
   * Reads beforeSave will make on a create (`?` placeholders), sent with the lookup of the
   * record's references in one round trip (core/crud/read-ahead.ts); beforeSave gets them through
   * `readRows`, which reads again whatever was not read ahead with the same values. From the new
   * record (its id) and the input as given; none when the input cannot tell.
   */
  readAhead?: (record: any, input: Record<string, unknown>) => Array<{ text: string; values: unknown[] }>;
  /** The seed's paper form for one record (附件3-1, 附件4), served at /forms/<Resource>/<id>.xlsx (and .html, the same sheet as a page). */
  printForm?: PrintFormSpec;
  /** Natural keys by name (ID_NUMBER, CODE): upsertManyX matches on them, the first is the default. */
  naturalKeys?: Record<string, NaturalKey>;
  /** Workflow steps on one record and the states they start from (core/resource/actions.ts). */
  actions?: import('./actions').ActionSpec[];
  /** A new record like one in the creator's reach asks for confirmation (core/crud/possible-duplicate.ts). */
  possibleDuplicate?: PossibleDuplicate;
}

/** One part of a record's subtitle: a field (references by the record they name), optionally reduced to its year and put in a template. */
export interface SubtitlePart {
  field: string;
  /** A date read as its year only (出生年份, not the birthday). */
  year?: boolean;
  /** `{}` stands for the value: '{}年生'. */
  template?: string;
}

export interface PrintFormSpec {
  /** The admin's print button (打印家访记录表（附件3-1）). */
  label: string;
  /**
   * Lays the record out on a sheet of `book`, reading every value through the viewer's field
   * rules (core/forms FormReader); answers the download's file name.
   */
  write: (print: PrintContext) => Promise<{ fileName: string }>;
}

export interface PrintContext {
  book: import('exceljs').Workbook;
  /** The record, found within the viewer's row scope. */
  row: any;
  em: import('@mikro-orm/postgresql').EntityManager;
  viewer: import('../context').Viewer;
  /** Full reads of audited fields (身份证号, categories), written as VIEW events after the download. */
  views: import('../audit/view-log').ViewLog;
}

export interface SaveContext {
  mode: 'create' | 'update';
  /** The input as given (GraphQL names). */
  input: Record<string, unknown>;
  em: import('@mikro-orm/postgresql').EntityManager;
  viewer: import('../context').Viewer;
}

export interface ResourceSpec extends Required<Pick<ResourceOptions, 'label' | 'area' | 'display'>> {
  name: string;
  entity: EntityClass;
  fields: FieldSpec[];
  search: string[];
  defaultSort: { field: string; order: 'ASC' | 'DESC' };
  listFields?: string[];
  subtitle: SubtitlePart[];
  children: ChildrenSpec[];
  typicalRows?: number;
  tenant: boolean;
  listedUnder: NonNullable<ResourceOptions['listedUnder']>;
  validate?: ResourceOptions['validate'];
  beforeSave?: ResourceOptions['beforeSave'];
  readAhead?: ResourceOptions['readAhead'];
  printForm?: PrintFormSpec;
  naturalKeys: Record<string, NaturalKey>;
  operations: { create: boolean; update: boolean; delete: boolean };
  actions: import('./actions').ActionSpec[];
  possibleDuplicate?: PossibleDuplicate;
}
