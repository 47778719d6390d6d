import type { FieldSpec, ResourceSpec } from '../core/resource/spec';

/**
 * The fields a cell finds a referenced record by: its single-field natural keys (学校代码,
 * 区划代码, 身份证号, 全国学籍号), then its name (the display field, when it is a name).
 * A resource with neither (a visit, shown by its address) cannot be referenced from a file.
 */
export function lookupFields(target: ResourceSpec): FieldSpec[] {
  const keys = Object.values(target.naturalKeys)
    .filter((k) => k.fields.length === 1)
    .map((k) => target.fields.find((f) => f.name === k.fields[0]))
    .filter((f): f is FieldSpec => !!f && f.kind === 'text');
  const display = target.fields.find((f) => f.name === target.display);
  const named = display && display.kind === 'text' && (display.name === 'name' || Object.keys(target.naturalKeys).length > 0);
  return [...new Set([...keys, ...(named ? [display] : [])])];
}

/** Whether a lookup field is one of the target's keys (a match on it beats a match by name). */
export const isKeyField = (target: ResourceSpec, f: FieldSpec) =>
  Object.values(target.naturalKeys).some((k) => k.fields.length === 1 && k.fields[0] === f.name);
