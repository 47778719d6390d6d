import { enumChoices, enumTypeNamed, inputTypeNamed, isListType, namedTypeOf, type SchemaIndex, type SchemaResource } from './introspection';
import type { ResourceMeta, Session } from './session';
import type { AutoField, AutoFilter } from './types';

/** Whether the role reads `path` (`name`, `student.name`) in full: the API's `q` skips the others. */
const pathReadable = (schema: SchemaIndex, session: Session, resource: string, path: string): boolean => {
    const [head, ...rest] = path.split('.');
    const permission = session.permissions?.find(p => p.resource === resource);
    if (!rest.length) {
        const rule = permission?.fields?.find(f => f.field === head);
        return !rule || rule.read === 'READ';
    }
    const type = schema.resourcesByName.get(resource)?.type;
    const object = type?.fields.find(f => f.name === head);
    const target = object && namedTypeOf(object.type).name;
    if (!target || !schema.resourcesByName.has(target)) return false;
    if (session.permissions && !session.permissions.some(p => p.resource === target)) return false;
    return pathReadable(schema, session, target, rest.join('.'));
};

// Bookkeeping no one filters a list by (the bureau is the user's own).
const NEVER_FILTERED = new Set(['id', 'version', 'updatedAt', 'bureauId']);

/** Filters the role may use: on fields it reads in full and, when the API says, indexed. */
const offered = (field: AutoField, meta?: ResourceMeta) => {
    if (field.visibility !== 'READ') return false;
    const declared = meta?.fields?.find(f => f.name === field.name);
    // Membership in a list (`focusCategories: [LEFT_BEHIND]`) is a filter the README offers.
    return !declared || !!declared.indexed || ['ref', 'enumList', 'embeddedList'].includes(field.kind);
};

/**
 * The filters the list offers, read from `<Type>Filter`: the search box `q`, enums and enum
 * lists, references, booleans, date ranges (`_gte` / `_lte`), and indexed texts.
 */
export const filtersOf = (
    schema: SchemaIndex,
    resource: SchemaResource,
    fields: AutoField[],
    meta: ResourceMeta | undefined,
    readable: Set<string>,
    session: Session,
): AutoFilter[] => {
    const input = inputTypeNamed(schema, `${resource.name}Filter`);
    if (!input) return [];
    const keys = new Map(input.inputFields.map(f => [f.name, f]));
    const labelOf = (key: string, fallback: string) => keys.get(key)?.description || fallback;
    const filters: AutoFilter[] = [];
    const q = keys.get('q');
    // The API searches only what the role reads in full (a teacher: the name, not the masked
    // 身份证号), so one such field is enough for the search box.
    const searched = (meta?.search ?? []).filter(path => pathReadable(schema, session, resource.name, path));
    if (q && (!meta?.search || searched.length)) {
        filters.push({ source: 'q', label: meta?.searchLabel || q.description || 'q', kind: 'search' });
    }
    for (const field of fields) {
        const key = keys.get(field.name);
        if (!offered(field, meta) || NEVER_FILTERED.has(field.name)) continue;
        const common = { source: field.name, label: field.label };
        if (field.kind === 'date' || field.kind === 'datetime') {
            for (const [suffix, bound] of [['_gte', 'from'], ['_lte', 'to']] as const) {
                const source = `${field.name}${suffix}`;
                if (keys.has(source)) filters.push({ source, label: labelOf(source, field.label), kind: field.kind, bound });
            }
            continue;
        }
        if (!key) continue;
        const keyType = namedTypeOf(key.type);
        if (field.kind === 'enum' || field.kind === 'enumList') {
            filters.push({ ...common, kind: field.kind, choices: field.choices });
        } else if (field.kind === 'embeddedList' && keyType.kind === 'ENUM' && isListType(key.type)) {
            // `focusCategories: [FocusCategory!]` filters entries by their enum: any of.
            const type = enumTypeNamed(schema, keyType.name);
            filters.push({ ...common, kind: 'enumList', choices: type ? enumChoices(type) : [] });
        } else if ((field.kind === 'ref' || field.kind === 'refList') && readable.has(field.target!)) {
            filters.push({ ...common, kind: field.kind, target: field.target });
        } else if (field.kind === 'bool') {
            filters.push({ ...common, kind: 'bool' });
        } else if (field.kind === 'text' && !meta?.search?.includes(field.name) && meta?.fields?.some(f => f.name === field.name && f.indexed)) {
            filters.push({ ...common, kind: 'text' });
        }
    }
    // The fields people edit first; what the system stamps (timestamps, who did what) last.
    const systemSet = (filter: AutoFilter) => {
        const name = filter.source.replace(/_(gte|lte)$/, '');
        return name === 'createdAt' || meta?.fields?.find(f => f.name === name)?.writable === false;
    };
    return [...filters.filter(f => !systemSet(f)), ...filters.filter(systemSet)];
};
