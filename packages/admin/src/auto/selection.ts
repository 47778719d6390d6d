import type { IntrospectionTypeRef } from 'graphql';
import { describe } from './fieldKinds';
import { namedTypeOf, objectTypeNamed, type SchemaIndex } from './introspection';

/**
 * The fields fetched for a record: everything but child lists (they have tabs and queries of
 * their own) and nested objects repeated by a flat id (`school` beside `schoolId`).
 * Used as ra-data-graphql-simple's `sparseFields`, and for the admin's own queries.
 */
export const recordFields = (schema: SchemaIndex, resource: string): string[] => {
    const type = schema.resourcesByName.get(resource)?.type;
    if (!type) return [];
    return type.fields
        .filter(f => !f.name.startsWith('_'))
        .filter(f => {
            const described = describe({ schema, owner: type }, f);
            return !!described && described.kind !== 'children';
        })
        .map(f => f.name);
};

/** `{ id name school { id } focusCategories { category since source } }` for a hand-written query. */
export const recordSelection = (schema: SchemaIndex, resource: string): string => {
    const type = schema.resourcesByName.get(resource)?.type;
    const names = new Set(recordFields(schema, resource));
    const parts = (type?.fields ?? [])
        .filter(f => names.has(f.name))
        .map(f => {
            const named = namedTypeOf(f.type);
            if (named.kind !== 'OBJECT') return f.name;
            if (schema.resourcesByName.has(named.name)) return `${f.name} { id }`;
            const object = objectTypeNamed(schema, named.name);
            const scalars = (object?.fields ?? []).filter(s => namedTypeOf(s.type).kind !== 'OBJECT').map(s => s.name);
            return `${f.name} { ${scalars.join(' ')} }`;
        });
    return `{ ${parts.join(' ')} }`;
};

/** A type reference as GraphQL writes it, for variable definitions: `[ID!]!`. */
export const typeText = (ref: IntrospectionTypeRef): string => {
    if (ref.kind === 'NON_NULL') return `${typeText(ref.ofType)}!`;
    if (ref.kind === 'LIST') return `[${typeText(ref.ofType)}]`;
    return ref.name;
};
