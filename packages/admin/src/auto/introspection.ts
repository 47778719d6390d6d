import type {
    IntrospectionEnumType,
    IntrospectionField,
    IntrospectionInputObjectType,
    IntrospectionNamedTypeRef,
    IntrospectionObjectType,
    IntrospectionType,
    IntrospectionTypeRef,
} from 'graphql';
import type { IntrospectionResult } from 'ra-data-graphql';
import { GET_LIST } from 'react-admin';

/** A listable type as ra-data-graphql found it, with the operations it maps to. */
export interface SchemaResource {
    name: string;
    label: string;
    type: IntrospectionObjectType;
    /** ra-data-graphql's operation map: GET_LIST, CREATE, UPDATE, DELETE, DELETE_MANY, UPDATE_MANY… */
    operations: Record<string, IntrospectionField | undefined>;
}

/** The introspection, indexed once; everything the admin shows is derived from it. */
export interface SchemaIndex {
    resources: SchemaResource[];
    resourcesByName: Map<string, SchemaResource>;
    typesByName: Map<string, IntrospectionType>;
    queries: Map<string, IntrospectionField>;
    mutations: Map<string, IntrospectionField>;
}

const fieldsOfRoot = (introspection: IntrospectionResult, name: string | undefined): IntrospectionField[] => {
    const root = introspection.schema.types.find(type => type.name === name);
    return root && root.kind === 'OBJECT' ? [...root.fields] : [];
};

export const buildSchemaIndex = (introspection: IntrospectionResult): SchemaIndex => {
    // ra-data-graphql also counts types with only a create/update/delete as resources; a screen needs a list.
    const resources = introspection.resources
        .filter(resource => GET_LIST in resource)
        .map(({ type, ...operations }) => ({
            name: type.name,
            label: type.description || type.name,
            type: type as IntrospectionObjectType,
            operations: operations as SchemaResource['operations'],
        }));
    const byName = <T extends { name: string }>(items: T[]) => new Map(items.map(item => [item.name, item]));
    return {
        resources,
        resourcesByName: byName(resources),
        typesByName: byName([...introspection.types]),
        queries: byName(fieldsOfRoot(introspection, introspection.schema.queryType?.name)),
        mutations: byName(fieldsOfRoot(introspection, introspection.schema.mutationType?.name)),
    };
};

/** Strips NON_NULL and LIST wrappers. */
export const namedTypeOf = (ref: IntrospectionTypeRef): IntrospectionNamedTypeRef =>
    ref.kind === 'NON_NULL' || ref.kind === 'LIST' ? namedTypeOf(ref.ofType) : ref;

export const isListType = (ref: IntrospectionTypeRef): boolean =>
    ref.kind === 'LIST' || (ref.kind === 'NON_NULL' && isListType(ref.ofType));

export const isNonNull = (ref: IntrospectionTypeRef): boolean => ref.kind === 'NON_NULL';

export const enumTypeNamed = (schema: SchemaIndex, name: string): IntrospectionEnumType | undefined => {
    const type = schema.typesByName.get(name);
    return type?.kind === 'ENUM' ? type : undefined;
};

export const objectTypeNamed = (schema: SchemaIndex, name: string): IntrospectionObjectType | undefined => {
    const type = schema.typesByName.get(name);
    return type?.kind === 'OBJECT' ? type : undefined;
};

export const inputTypeNamed = (schema: SchemaIndex, name: string): IntrospectionInputObjectType | undefined => {
    const type = schema.typesByName.get(name);
    return type?.kind === 'INPUT_OBJECT' ? type : undefined;
};

/** Enum values as react-admin choices, labelled by their Chinese description. */
export const enumChoices = (type: IntrospectionEnumType) =>
    type.enumValues
        .filter(value => !value.isDeprecated)
        .map(value => ({ id: value.name, name: value.description || value.name }));

/** A description's short form: the text before the first colon, bracket or clause break. */
export const shortLabel = (description: string | null | undefined, fallback: string): string =>
    (description ?? '').split(/[：:（(，；]/)[0]?.trim() || fallback;
