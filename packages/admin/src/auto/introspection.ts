import type {
    IntrospectionEnumType,
    IntrospectionField,
    IntrospectionNamedTypeRef,
    IntrospectionObjectType,
    IntrospectionType,
    IntrospectionTypeRef,
} from 'graphql';
import type { IntrospectionResult } from 'ra-data-graphql';
import { GET_LIST } from 'react-admin';

/** A resource as the admin sees it: a GraphQL object type with an `all<Plural>` query. */
export interface AutoResource {
    name: string;
    label: string;
    type: IntrospectionObjectType;
}

/** The introspection, indexed once for the generic screens. */
export interface SchemaIndex {
    resources: AutoResource[];
    resourceNames: Set<string>;
    typesByName: Map<string, IntrospectionType>;
}

export const buildSchemaIndex = (introspection: IntrospectionResult): SchemaIndex => {
    // ra-data-graphql also counts types with only a create/update/delete as resources; a screen needs a list.
    const resources = introspection.resources
        .filter(resource => GET_LIST in resource)
        .map(({ type }) => ({ name: type.name, label: type.description || type.name, type }));
    return {
        resources,
        resourceNames: new Set(resources.map(r => r.name)),
        typesByName: new Map(introspection.types.map(type => [type.name, type])),
    };
};

/** Strips NON_NULL and LIST wrappers. */
export const namedTypeOf = (ref: IntrospectionTypeRef): IntrospectionNamedTypeRef =>
    ref.kind === 'NON_NULL' || ref.kind === 'LIST' ? namedTypeOf(ref.ofType) : ref;

export const isListType = (ref: IntrospectionTypeRef): boolean =>
    ref.kind === 'LIST' || (ref.kind === 'NON_NULL' && isListType(ref.ofType));

export const fieldLabel = (field: IntrospectionField): string => field.description || field.name;

/** Scalar and enum fields, in schema order; object and list fields need screens of their own. */
export const displayableFields = (type: IntrospectionObjectType): IntrospectionField[] =>
    type.fields.filter(field => {
        const { kind } = namedTypeOf(field.type);
        return (
            !field.name.startsWith('_') &&
            !field.isDeprecated &&
            !isListType(field.type) &&
            (kind === 'SCALAR' || kind === 'ENUM')
        );
    });

export const enumTypeOf = (schema: SchemaIndex, field: IntrospectionField): IntrospectionEnumType | undefined => {
    const type = schema.typesByName.get(namedTypeOf(field.type).name);
    return type?.kind === 'ENUM' ? type : undefined;
};

/** Enum values as react-admin choices, labelled by their Chinese description. */
export const enumChoices = (type: IntrospectionEnumType) =>
    type.enumValues
        .filter(value => !value.isDeprecated)
        .map(value => ({ id: value.name, name: value.description || value.name }));

/**
 * The resource a flat `xId` field points to: the type of its sibling object field `x`
 * (so `headTeacherId` beside `headTeacher: StaffMember` works), else the capitalised prefix.
 */
export const referenceTargetOf = (
    schema: SchemaIndex,
    type: IntrospectionObjectType,
    field: IntrospectionField,
): string | undefined => {
    const match = /^(.+)Id$/.exec(field.name);
    if (!match || namedTypeOf(field.type).name !== 'ID') return undefined;
    const prefix = match[1];
    const sibling = type.fields.find(f => f.name === prefix && !isListType(f.type));
    const candidates = [
        sibling && namedTypeOf(sibling.type).name,
        prefix.charAt(0).toUpperCase() + prefix.slice(1),
    ];
    return candidates.find((name): name is string => !!name && schema.resourceNames.has(name));
};

const REPRESENTATION_FIELDS = ['displayName', 'name', 'fullName', 'title', 'username', 'label', 'code'];

/** The field shown when a record is referenced elsewhere (titles, ReferenceField). */
export const representationFieldOf = (type: IntrospectionObjectType): string => {
    const names = new Set(displayableFields(type).map(f => f.name));
    const preferred = REPRESENTATION_FIELDS.find(name => names.has(name));
    const firstString = displayableFields(type).find(
        f => f.name !== 'id' && namedTypeOf(f.type).name === 'String',
    );
    return preferred ?? firstString?.name ?? 'id';
};
