import type { ChildrenSpec, EntityClass, FieldSpec, ResourceSpec } from './spec';

// Field specs are collected per class while its property decorators run; the class decorator
// (@Resource) then turns them, with those of its base classes, into the resource's spec.
const pendingFields = new Map<Function, FieldSpec[]>();
const resources = new Map<Function, ResourceSpec>();
const byName = new Map<string, ResourceSpec>();

export function addField(cls: Function, spec: FieldSpec): void {
  const list = pendingFields.get(cls) ?? [];
  list.push(spec);
  pendingFields.set(cls, list);
}

/** Fields declared on a class and its base classes, base first. */
export function fieldsOf(cls: Function): FieldSpec[] {
  const chain: Function[] = [];
  for (let c: any = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.unshift(c);
  return chain.flatMap((c) => pendingFields.get(c) ?? []);
}

export function registerResource(spec: ResourceSpec): void {
  resources.set(spec.entity, spec);
  byName.set(spec.name, spec);
}

export function resourceOf(cls: Function): ResourceSpec {
  const spec = resources.get(cls);
  if (!spec) throw new Error(`${cls.name} is not declared with @Resource`);
  return spec;
}

/** Every declared resource, in the order declared. */
export function allResources(): ResourceSpec[] {
  return [...byName.values()];
}

export function resourceNamed(name: string): ResourceSpec | undefined {
  return byName.get(name);
}

/** A resource's child lists: its own, and those other resources declare under it. */
export function childrenOf(res: ResourceSpec): ChildrenSpec[] {
  const under = [...resources.values()].flatMap((child) =>
    child.listedUnder
      .filter((l) => l.parent() === res.entity)
      .map((l) => ({ name: l.as, label: l.label, target: () => child.entity, inverse: l.inverse, orderBy: l.orderBy, expected: l.expected })),
  );
  return [...res.children, ...under];
}

export function fieldOf(res: ResourceSpec, name: string): FieldSpec | undefined {
  return res.fields.find((f) => f.name === name || f.gqlName === name);
}

export function targetResource(field: FieldSpec | ChildrenSpec): ResourceSpec {
  return resourceOf((field.target as () => EntityClass)());
}
