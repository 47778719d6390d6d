import type { IntrospectionField } from 'graphql';
import { httpStatusOf } from '../graphqlErrors';
import { graphqlFetch } from '../graphqlFetch';
import { namedTypeOf, objectTypeNamed, type SchemaIndex } from './introspection';
import type { PrintForm, Visibility } from './types';

export interface FieldPermission {
    field: string;
    read?: Visibility;
    editable?: boolean;
    creatable?: boolean;
}

export interface ResourcePermission {
    resource: string;
    operations?: string[];
    fields?: FieldPermission[];
}

/** One field as the `resources` query declares it (what introspection cannot say). */
export interface MetaField {
    name: string;
    kind?: string;
    maxLength?: number | null;
    money?: boolean;
    sensitive?: string | null;
    target?: string | null;
    indexed?: boolean;
    writable?: boolean;
    /** What a new record's form suggests (auto/suggestions.tsx). */
    suggest?: string | null;
    /** Forms show the input only while this field holds one of shownWhenValues. */
    shownWhenField?: string | null;
    shownWhenValues?: string[] | null;
    /** enum: the values a new record may start in. */
    createChoices?: string[] | null;
    /** What a form fills in from another field as it is typed (auto/DeriveFromFields.tsx). */
    derive?: { from: string; fact: string } | null;
    /** An id, a version and the like: shown only with 技术信息 switched on. */
    technical?: boolean;
}

/** A part of a record's subtitle in pickers (its school, class, birth year): a field the role reads in full. */
export interface SubtitlePart {
    field: string;
    /** A date shown as its year. */
    year?: boolean;
    /** `{}` stands for the value. */
    template?: string | null;
}

export interface ResourceMeta {
    name: string;
    label?: string;
    area?: string;
    display?: string;
    /** The paths this role's `q` looks in (those it reads in full). */
    search?: string[];
    /** The search box's hint for this role. */
    searchLabel?: string | null;
    subtitle?: SubtitlePart[];
    defaultSortField?: string;
    defaultSortOrder?: string;
    /** The columns a list shows at first, when the API says (else ranked here). */
    listFields?: string[] | null;
    fields?: MetaField[];
    children?: { name: string; label?: string; target: string; inverse: string; nested?: boolean }[];
    printForm?: PrintForm | null;
    downloads?: { label: string; path: string; params: { name: string; label: string; required: boolean; enumType?: string | null; example?: string | null; defaultValue?: string | null }[] }[];
    /** Listed in the role's menu (false: reached from the records that name it). */
    inMenu?: boolean;
    /** Workflow steps the role may take, each with the record states it starts from. */
    actions?: { mutation: string; label: string; operation: string; from: ActionState[] }[];
    /** Refusals of a create the user may override (auto/ConfirmAndResend.tsx). */
    confirmations?: { argument: string; rule: string; label: string }[];
}

/** A record state a step starts from: every field has one of its values. */
export type ActionState = { field: string; values: string[] }[];

/** What the admin knows about the signed-in user; react-admin keeps it as the "permissions". */
export interface Session {
    role: string | null;
    /** null when the API does not say (then every operation the schema offers is shown). */
    permissions: ResourcePermission[] | null;
    /** null before the API offers the `resources` query. */
    resources: ResourceMeta[] | null;
    /** The role may switch on 技术信息 (ids, versions), as `me.technicalInfo` says. */
    technicalInfo: boolean;
}

// What the admin would like to read; only the parts the schema has are asked for.
export type Wanted = { [field: string]: true | Wanted };

const WANTED_ME: Wanted = {
    role: true,
    technicalInfo: true,
    permissions: { resource: true, operations: true, fields: { field: true, read: true, editable: true, creatable: true } },
};

const WANTED_RESOURCES: Wanted = {
    name: true,
    label: true,
    area: true,
    display: true,
    search: true,
    searchLabel: true,
    subtitle: { field: true, year: true, template: true },
    defaultSortField: true,
    defaultSortOrder: true,
    listFields: true,
    fields: { name: true, kind: true, writable: true, maxLength: true, money: true, sensitive: true, target: true, indexed: true, suggest: true, shownWhenField: true, shownWhenValues: true, createChoices: true, derive: { from: true, fact: true }, technical: true },
    children: { name: true, label: true, target: true, inverse: true, nested: true },
    printForm: { label: true, path: true },
    downloads: { label: true, path: true, params: { name: true, label: true, required: true, enumType: true, example: true, defaultValue: true } },
    actions: { mutation: true, label: true, operation: true, from: { field: true, values: true } },
    inMenu: true,
    confirmations: { argument: true, rule: true, label: true },
};

/** The selection set of `wanted` that exists on the field's type, or '' when nothing does. */
export const selectionOf = (schema: SchemaIndex, field: IntrospectionField | undefined, wanted: Wanted): string => {
    const type = field && objectTypeNamed(schema, namedTypeOf(field.type).name);
    if (!type) return '';
    const parts = type.fields.flatMap(sub => {
        const want = wanted[sub.name];
        if (!want) return [];
        if (want === true) return [sub.name];
        const inner = selectionOf(schema, sub, want);
        return inner ? [`${sub.name} ${inner}`] : [];
    });
    return parts.length ? `{ ${parts.join(' ')} }` : '';
};

/** Reads `me { role permissions }` and, when the API has it, `resources { … }` in one request. */
export const fetchSession = async (schema: SchemaIndex): Promise<Session> => {
    const me = selectionOf(schema, schema.queries.get('me'), WANTED_ME);
    const resources = selectionOf(schema, schema.queries.get('resources'), WANTED_RESOURCES);
    const parts = [me && `me ${me}`, resources && `resources ${resources}`].filter(Boolean);
    if (!parts.length) return { role: null, permissions: null, resources: null, technicalInfo: false };
    type Result = { me?: { role?: string; permissions?: ResourcePermission[]; technicalInfo?: boolean }; resources?: ResourceMeta[] };
    const data = await graphqlFetch<Result>(`query session { ${parts.join(' ')} }`).catch((error: unknown) => {
        // The metadata is a help, not a need: without it the admin still works from introspection.
        if (!resources || !me || httpStatusOf(error) === 401) throw error;
        return graphqlFetch<Result>(`query session { me ${me} }`);
    });
    return {
        role: data.me?.role ?? null,
        permissions: data.me?.permissions ?? null,
        resources: data.resources ?? null,
        technicalInfo: data.me?.technicalInfo ?? false,
    };
};
