import { Field, ID, Int } from 'type-graphql';
import { DateTimeISO, LocalDate } from '../resource/scalars';
import type { FieldSpec, GqlTypeRef } from '../resource/spec';

/** The GraphQL input type of a field's value (references take the target's id). */
export function inputTypeOf(f: FieldSpec): GqlTypeRef {
  switch (f.kind) {
    case 'id':
    case 'ref':
      return ID;
    case 'refList':
      return [ID];
    case 'text':
    case 'secret':
      return String;
    case 'int':
      return Int;
    case 'bool':
      return Boolean;
    case 'date':
      return LocalDate;
    case 'datetime':
      return DateTimeISO;
    case 'enum':
      return f.enumObject!;
    case 'enumList':
      return [f.enumObject!];
    case 'json':
      return f.jsonInputType!();
  }
}

/** Operators a filter offers for a field, beside plain equality. */
export function comparisonOperators(f: FieldSpec): string[] {
  switch (f.kind) {
    case 'int':
    case 'date':
    case 'datetime':
      return ['neq', 'lt', 'lte', 'gt', 'gte'];
    case 'text':
      return ['neq'];
    case 'enum':
      return ['neq', 'in'];
    default:
      return [];
  }
}

/** Fields sortable by `sortField`: every scalar column and reference id. */
export function isSortable(f: FieldSpec): boolean {
  return !['json', 'enumList', 'refList', 'secret'].includes(f.kind);
}

/** Declares a GraphQL field on a generated class (object, input or argument type). */
export function declareField(cls: Function, key: string, type: () => unknown, options: { nullable?: boolean; description?: string }): void {
  (Field(type as never, options) as PropertyDecorator)(cls.prototype, key);
}

/** A named empty class, ready to be decorated as a GraphQL input or argument type. */
export function namedClass(name: string): new () => object {
  return { [name]: class {} }[name] as new () => object;
}
