import { Enum, Index, ManyToMany, ManyToOne, Property, UnderscoreNamingStrategy } from '@mikro-orm/core';
import { Field, ID, Int } from 'type-graphql';
import { DateTimeISO, LocalDate } from './scalars';
import { addField, resourceNamed } from './registry';
import { enumNamed } from './enums';
import type { Derivation, EntityClass, FieldKind, FieldSpec, GqlTypeRef, Validator } from './spec';
import type { Sensitivity } from '../access/types';

// Each decorator declares a property once for all three consumers: the table (MikroORM), the
// GraphQL type (type-graphql) and the resource spec the CRUD, filters and admin are built from.

export interface CommonOptions {
  nullable?: boolean;
  /** Defaults to true; false for values the server sets itself; 'create' for a starting value. */
  writable?: boolean | 'create';
  default?: () => unknown;
  search?: boolean;
  index?: boolean;
  /**
   * Each of its values holds a large share of the rows (a gender): offered for filtering and
   * sorting all the same (`index`), but with no index of its own. PostgreSQL never finds half a
   * table faster through an index, and the index lures a prepared list's generic plan into
   * AND-ing half the table's bitmap with a school's (the admin's list of a school's girls: 2.4 ms
   * instead of 1.6).
   */
  balanced?: boolean;
  unique?: boolean;
  validate?: Validator;
  /** The kind of personal data the field holds; the policy's role matrix decides who reads it how. */
  sensitive?: Sensitivity;
  /**
   * What a new record's form fills in, to be changed at will: `now`, `now+2h`, `viewer.staff`
   * (the user's own staff record), or `<reference>.<field>` (the picked student's address).
   */
  suggest?: string;
  /**
   * Forms show the input only while another field holds one of these values: a visit's
   * completion record once it is 已完成, its address and transport for a visit that travels.
   */
  shownWhen?: { field: string; values: readonly string[] };
  /** enum: the values a new record may start in (the rest are reached through the workflow). */
  createChoices?: readonly string[];
  /** What the form reads from another field as it is typed: `{ from: 'idNumber', fact: 'ID_NUMBER_GENDER' }`. */
  derive?: Derivation;
  /** An id or the like, for technical readers only (FieldSpec.technical). */
  technical?: boolean;
}

const naming = new UnderscoreNamingStrategy();

function declare(
  target: object,
  name: string,
  kind: FieldKind,
  label: string,
  o: CommonOptions,
  gqlType: () => GqlTypeRef,
  extra: Partial<FieldSpec> = {},
): void {
  const nullable = o.nullable ?? false;
  const spec: FieldSpec = {
    name,
    gqlName: name,
    kind,
    label,
    nullable,
    writable: o.writable !== false,
    createOnly: o.writable === 'create',
    defaultValue: o.default,
    search: o.search ?? false,
    indexed: o.index ?? false,
    balanced: o.balanced ?? false,
    unique: o.unique ?? false,
    money: false,
    validate: o.validate,
    sensitivity: o.sensitive,
    suggest: o.suggest,
    shownWhen: o.shownWhen,
    createChoices: o.createChoices,
    derive: o.derive,
    technical: o.technical ?? false,
  };
  // Copied as descriptors: an enum named by name is a getter, looked up when first read.
  Object.defineProperties(spec, Object.getOwnPropertyDescriptors(extra));
  addField(target.constructor, spec);
  // Secrets are never output; reference lists are output by the CRUD resolver's loaders.
  // A sensitive field may come back null for a role that may not read it, so it is nullable.
  if (kind !== 'secret' && kind !== 'refList') Field(gqlType as never, { nullable: nullable || !!o.sensitive, description: label })(target, name);
  const table = naming.classToTableName(target.constructor.name);
  const column = naming.propertyToColumnName(name);
  if (spec.search) {
    // Trigram index so `q` (ILIKE '%…%') stays fast on large rosters.
    const index = `${table}_${column}_trgm`;
    (Index as any)({ name: index, expression: `create index "${index}" on "${table}" using gin ("${column}" gin_trgm_ops)` })(target, name);
  }
  if (spec.indexed && !spec.balanced && !spec.unique && kind !== 'ref') (Index as any)()(target, name);
}

export function TextField(label: string, o: CommonOptions & { maxLength?: number } = {}): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    Property({ type: 'text', nullable: o.nullable, unique: o.unique })(target, name);
    declare(target, name, 'text', label, o, () => String, { maxLength: o.maxLength });
  };
}

export function IntField(label: string, o: CommonOptions & { money?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    Property({ type: 'integer', nullable: o.nullable })(target, name);
    declare(target, name, 'int', label, o, () => Int, { money: o.money ?? false });
  };
}

export function BoolField(label: string, o: CommonOptions = {}): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    Property({ type: 'boolean', nullable: o.nullable })(target, name);
    declare(target, name, 'bool', label, o, () => Boolean);
  };
}

/** A calendar day, `YYYY-MM-DD`. */
export function DateField(label: string, o: CommonOptions = {}): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    Property({ type: 'date', nullable: o.nullable })(target, name);
    declare(target, name, 'date', label, o, () => LocalDate);
  };
}

export function DateTimeField(label: string, o: CommonOptions = {}): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    Property({ type: 'timestamptz', nullable: o.nullable })(target, name);
    declare(target, name, 'datetime', label, o, () => DateTimeISO);
  };
}

/**
 * One value of an enum. `enumObject` may be an enum's GraphQL name (core naming one of the
 * application's, such as its roles): the column is then plain text, with no check of values core
 * cannot know when it declares the field, and the enum is looked up when the schema is built.
 */
export function EnumField(label: string, enumObject: object | string, o: CommonOptions = {}): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    if (typeof enumObject === 'string') {
      const named = () => enumNamed(enumObject);
      Property({ type: 'text', nullable: o.nullable })(target, name);
      declare(target, name, 'enum', label, o, named, { get enumObject() { return named(); } });
      return;
    }
    Enum({ items: Object.values(enumObject), nullable: o.nullable })(target, name);
    declare(target, name, 'enum', label, o, () => enumObject, { enumObject });
  };
}

/** A set of enum values (a student's focus categories); filters match rows having any of them. */
export function EnumListField(label: string, enumObject: object, o: CommonOptions = {}): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    Enum({ items: Object.values(enumObject), array: true, nullable: o.nullable, default: o.nullable ? undefined : '{}' })(target, name);
    if (o.index) {
      const table = naming.classToTableName(target.constructor.name);
      const column = naming.propertyToColumnName(name);
      const index = `${table}_${column}_gin`;
      (Index as any)({ name: index, expression: `create index "${index}" on "${table}" using gin ("${column}")` })(target, name);
    }
    declare(target, name, 'enumList', label, { ...o, index: false }, () => [enumObject], { enumObject });
  };
}

/** Structured values kept in one jsonb column (e.g. each focus category with since-date and source). */
export function JsonField(
  label: string,
  type: () => GqlTypeRef,
  inputType: () => GqlTypeRef,
  o: CommonOptions & { members?: { key: string; enumObject: object } } = {},
): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    Property({ type: 'json', nullable: o.nullable })(target, name);
    if (o.members) {
      // jsonb_path_ops GIN index: the member filter is a containment (@>) test.
      const table = naming.classToTableName(target.constructor.name);
      const column = naming.propertyToColumnName(name);
      const index = `${table}_${column}_gin`;
      (Index as any)({ name: index, expression: `create index "${index}" on "${table}" using gin ("${column}" jsonb_path_ops)` })(target, name);
    }
    declare(target, name, 'json', label, { ...o, index: false }, type, { jsonType: type, jsonInputType: inputType, jsonMembers: o.members });
  };
}

/**
 * A reference to another record: GraphQL gets a flat `${name}Id` (what the admin and scripts send)
 * and the nested object `${name}` (resolved in batches by the CRUD factory).
 */
export function RefField(
  label: string,
  target: (() => EntityClass) | string,
  o: CommonOptions & { onDelete?: 'cascade' | 'restrict' | 'set null'; anyInBureau?: boolean } = {},
): PropertyDecorator {
  return (proto, key) => {
    const name = String(key);
    // A name instead of a class breaks import cycles (TenantEntity → Bureau → TenantEntity).
    const targetFn = typeof target === 'string' ? () => resourceNamed(target)!.entity : target;
    ManyToOne({ entity: target as never, nullable: o.nullable, deleteRule: o.onDelete ?? (o.nullable ? 'set null' : 'restrict'), index: true })(proto, name);
    const gqlName = `${name}Id`;
    Object.defineProperty(proto, gqlName, {
      get(this: Record<string, { id?: string } | undefined>) {
        return this[name]?.id ?? null;
      },
      configurable: true,
    });
    declare(proto, gqlName, 'ref', label, o, () => ID, { name, gqlName, target: targetFn, anyInBureau: o.anyInBureau ?? false });
  };
}

/**
 * A set of references (a pairing's helpers): GraphQL gets `${singular}Ids: [ID!]!`, which the
 * admin edits with a reference-array input, and the nested list `${name}`.
 */
export function RefListField(label: string, target: () => EntityClass, idsName: string, o: CommonOptions = {}): PropertyDecorator {
  return (proto, key) => {
    const name = String(key);
    ManyToMany({ entity: target as never, owner: true })(proto, name);
    declare(proto, idsName, 'refList', label, { ...o, nullable: true }, () => [ID], { name, gqlName: idsName, target });
  };
}

/** A write-only input stored transformed in another column (a password into its hash). */
export function SecretField(label: string, column: string, transform: (plain: string) => string, o: CommonOptions = {}): PropertyDecorator {
  return (target, key) => {
    declare(target, String(key), 'secret', label, o, () => String, { secret: { column, transform } });
  };
}

