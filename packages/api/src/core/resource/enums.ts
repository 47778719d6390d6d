import { registerEnumType } from 'type-graphql';

/** Chinese labels of every registered enum, by GraphQL enum name (for reports and exports). */
export const enumLabels = new Map<string, Record<string, string>>();
const labelsByObject = new WeakMap<object, Record<string, string>>();
const byName = new Map<string, object>();

/** The Chinese label of an enum value, from the enum object a field declares. */
export function enumLabel(enumObject: object, value: string): string {
  return labelsByObject.get(enumObject)?.[value] ?? value;
}

/**
 * Declares an enum once: its values (upper-case English), the Chinese name of each value, and its
 * GraphQL registration. Returns a plain object `{ VALUE: 'VALUE' }` usable as a TypeScript enum.
 */
export function defineEnum<const T extends Record<string, string>>(
  name: string,
  label: string,
  values: T,
): { readonly [K in keyof T]: K } {
  const object = Object.fromEntries(Object.keys(values).map((k) => [k, k])) as { [K in keyof T]: K };
  registerEnumType(object, {
    name,
    description: label,
    valuesConfig: Object.fromEntries(Object.entries(values).map(([k, d]) => [k, { description: d }])) as never,
  });
  enumLabels.set(name, values);
  labelsByObject.set(object, values);
  byName.set(name, object);
  return object;
}

/**
 * An enum defined elsewhere, by its GraphQL name: core's entities name the application's enums
 * (roles) this way, as they name its entities, and look them up once everything is loaded.
 */
export function enumNamed(name: string): object {
  const object = byName.get(name);
  if (!object) throw new Error(`No enum ${name} is defined: load the application registry (src/registry.ts) first`);
  return object;
}

export type EnumOf<E> = E[keyof E];
