import type { IntrospectionField } from 'graphql';
import { actionsOf, uploadOf } from './actions';
import { describe, describeArgument } from './fieldKinds';
import { filtersOf } from './filters';
import { enumChoices, enumTypeNamed, namedTypeOf, shortLabel, type SchemaIndex, type SchemaResource } from './introspection';
import type { FieldPermission, ResourceMeta, ResourcePermission, Session } from './session';
import type { AdminModel, AutoField, AutoInput, AutoResource, CreateWrapper, FieldKind, WorkQueue } from './types';

/** Bookkeeping fields: in the column picker but not shown by default, and last on a detail page. */
export const BOOKKEEPING = new Set(['id', 'version', 'createdAt', 'updatedAt', 'bureauId']);
const MAX_DEFAULT_COLUMNS = 8;
const LIST_KINDS = new Set<FieldKind>(['text', 'number', 'money', 'bool', 'date', 'datetime', 'enum', 'enumList', 'ref', 'refList', 'embeddedList']);
const SORTABLE_KINDS = new Set<FieldKind>(['id', 'text', 'longText', 'number', 'money', 'bool', 'date', 'datetime', 'enum']);
const BULK_KINDS = new Set<FieldKind>(['text', 'number', 'money', 'bool', 'date', 'datetime', 'enum', 'enumList', 'ref', 'refList']);
// Values that may always be emptied (lists) or cannot be (a boolean is never missing in a form).
const NEVER_REQUIRED_IN_EDIT = new Set<FieldKind>(['enumList', 'refList', 'embeddedList', 'bool']);
const TECHNICAL_WITHOUT_META = new Set(['id', 'version']);
const REPRESENTATION_FIELDS = ['displayName', 'name', 'fullName', 'title', 'username', 'label', 'code'];

interface Context {
    schema: SchemaIndex;
    session: Session;
    readable: Set<string>;
}

const metaOf = (session: Session, name: string): ResourceMeta | undefined => session.resources?.find(r => r.name === name);
const permissionOf = (session: Session, name: string): ResourcePermission | undefined =>
    session.permissions?.find(p => p.resource === name);

/** The role reads the resource: `me.permissions` and `resources` list only what it may read. */
const isReadable = (session: Session, name: string) =>
    (!session.permissions || !!permissionOf(session, name)) && (!session.resources || !!metaOf(session, name));

const fieldPermission = (permission: ResourcePermission | undefined, name: string): FieldPermission | undefined =>
    permission?.fields?.find(f => f.field === name);

const pointsOutside = (field: { kind: FieldKind; target?: string }, readable: Set<string>) =>
    !!field.target && !readable.has(field.target);

const fieldsOf = (context: Context, resource: SchemaResource, meta?: ResourceMeta): AutoField[] => {
    const permission = permissionOf(context.session, resource.name);
    const metaFields = new Map((meta?.fields ?? []).map(f => [f.name, f]));
    return resource.type.fields
        .filter(f => !f.name.startsWith('_') && !f.isDeprecated)
        .flatMap(f => {
            const described = describe({ schema: context.schema, owner: resource.type, meta: metaFields.get(f.name) }, f);
            if (!described || pointsOutside(described, context.readable)) return [];
            const visibility = fieldPermission(permission, f.name)?.read ?? 'READ';
            if (visibility === 'HIDDEN') return [];
            const metaField = metaFields.get(f.name);
            // With metadata, only what the API declares indexed sorts (computed fields such as `overdue` do not).
            const indexed = meta ? !!metaField?.indexed : true;
            const sortable = visibility === 'READ' && indexed && SORTABLE_KINDS.has(described.kind);
            // Without metadata, ids and versions are what is technical.
            const technical = metaField ? !!metaField.technical : TECHNICAL_WITHOUT_META.has(f.name);
            return [{ ...described, visibility, sortable, technical }];
        });
};

/** Inputs in the order the resource declares its fields (introspection lists them by name). */
const inDeclaredOrder = <T extends { name: string }>(inputs: T[], meta?: ResourceMeta): T[] => {
    const order = (meta?.fields ?? []).map(f => f.name);
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    return [...inputs].sort((a, b) => rank(a.name) - rank(b.name));
};

/** The arguments of a create or update mutation as form inputs, with what the role may change. */
const inputsOf = (
    context: Context,
    resource: SchemaResource,
    mutation: IntrospectionField | undefined,
    fields: AutoField[],
    mode: 'create' | 'edit',
    meta?: ResourceMeta,
): AutoInput[] => {
    if (!mutation) return [];
    const permission = permissionOf(context.session, resource.name);
    const order = [...(meta?.fields ?? []).map(f => f.name), ...resource.type.fields.map(f => f.name)];
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    // A confirmation is asked for when the API refuses, not filled in (auto/ConfirmAndResend.tsx).
    const confirmations = new Set((meta?.confirmations ?? []).map(c => c.argument));
    return mutation.args
        .filter(arg => arg.name !== 'id' && arg.name !== 'version' && !confirmations.has(arg.name))
        .flatMap((arg): AutoInput[] => {
            const described = describeArgument(
                { schema: context.schema, owner: resource.type, metaFields: meta?.fields },
                arg,
            );
            if (!described || pointsOutside(described, context.readable)) return [];
            const rule = fieldPermission(permission, arg.name);
            const allowed = mode === 'create' ? (rule?.creatable ?? true) : (rule?.editable ?? true);
            const visibility = rule?.read ?? fields.find(f => f.name === arg.name)?.visibility ?? 'READ';
            // A field the role cannot write is left out of Create, and locked in Edit where it is seen.
            if (mode === 'create' && !allowed) return [];
            if (mode === 'edit' && !allowed && visibility === 'HIDDEN') return [];
            const masked = visibility === 'MASKED';
            // Update arguments are all optional; a field the type declares non-null may still not be emptied.
            const typeField = fields.find(f => f.name === arg.name);
            const needed = mode === 'create' ? described.required : !!typeField?.required && !NEVER_REQUIRED_IN_EDIT.has(described.kind);
            const metaField = meta?.fields?.find(f => f.name === arg.name);
            // A nested child list (a new student's guardians): its inputs in the child resource's own order.
            const child = described.kind === 'embeddedList' ? fields.find(f => f.name === arg.name && f.kind === 'children') : undefined;
            if (child?.target && described.itemInputs) described.itemInputs = inDeclaredOrder(described.itemInputs, metaOf(context.session, child.target));
            const suggest = mode === 'create' ? (metaField?.suggest ?? undefined) : undefined;
            const derive = metaField?.derive ?? undefined;
            const shownWhen = metaField?.shownWhenField && metaField.shownWhenValues ? { field: metaField.shownWhenField, values: metaField.shownWhenValues } : undefined;
            // A new record starts in the states the API allows (a visit: planned, or completed afterwards).
            const starts = mode === 'create' ? metaField?.createChoices : undefined;
            const choices = starts && described.choices ? described.choices.filter(c => starts.includes(String(c.id))) : described.choices;
            return [
                {
                    ...described,
                    choices,
                    required: needed,
                    visibility,
                    sortable: false,
                    disabled: !allowed || masked,
                    ...(suggest ? { suggest } : {}),
                    ...(derive ? { derive } : {}),
                    ...(shownWhen ? { shownWhen } : {}),
                },
            ];
        })
        .sort((a, b) => rank(a.name) - rank(b.name));
};

const representationOf = (resource: SchemaResource, fields: AutoField[], meta?: ResourceMeta): string => {
    const names = new Set(fields.map(f => f.name));
    if (meta?.display && names.has(meta.display)) return meta.display;
    const preferred = REPRESENTATION_FIELDS.find(name => names.has(name));
    const firstText = fields.find(f => f.kind === 'text');
    return preferred ?? firstText?.name ?? resource.type.fields[0]?.name ?? 'id';
};

/** Personal details a list does not show until asked for (the column picker has them). */
const DETAIL_SENSITIVITY = new Set(['ID_NUMBER', 'ADDRESS', 'PHONE', 'NOTES']);
const TELLING_KINDS = new Set<FieldKind>(['enum', 'enumList', 'embeddedList', 'ref', 'refList', 'money', 'bool', 'date', 'datetime']);

/**
 * The columns shown at first: the display field, then the fields the API indexes (what people
 * filter and sort by), required ones first, then enums, references and the like; no bookkeeping,
 * long texts or personal details beyond the display field.
 */
const listColumnsOf = (fields: AutoField[], display: string, sortField: string, meta?: ResourceMeta): string[] => {
    const listed = (meta?.listFields ?? []).filter(name => fields.some(f => f.name === name && !f.technical));
    if (listed.length) return listed;
    const declared = new Map((meta?.fields ?? []).map(f => [f.name, f]));
    // The column the list is ordered by is shown, even a bookkeeping one (an audit trail by time), but no id.
    const sortColumn = sortField !== display && fields.some(f => f.name === sortField && !f.technical) ? [sortField] : [];
    const candidates = fields.filter(
        f =>
            f.name !== display &&
            f.name !== sortField &&
            !BOOKKEEPING.has(f.name) &&
            !f.technical &&
            LIST_KINDS.has(f.kind) &&
            !DETAIL_SENSITIVITY.has(declared.get(f.name)?.sensitive ?? ''),
    );
    const indexed = (f: AutoField) => (meta ? !!declared.get(f.name)?.indexed : true);
    // Amounts are what a list of money records is read for, indexed or not.
    const rank = (f: AutoField) =>
        f.kind === 'money' ? 0 : indexed(f) ? (f.required ? 0 : 1) : TELLING_KINDS.has(f.kind) ? 2 : 3;
    const ranked = [...candidates].sort((a, b) => rank(a) - rank(b));
    const first = fields.some(f => f.name === display) ? [display] : [];
    return [...first, ...sortColumn, ...ranked.map(f => f.name)].slice(0, MAX_DEFAULT_COLUMNS);
};

/** The declared subtitle parts on fields this role reads in full (the API sends no others; this is a second guard). */
const subtitleOf = (fields: AutoField[], meta?: ResourceMeta): AutoResource['subtitle'] =>
    (meta?.subtitle ?? []).flatMap(part => {
        const field = fields.find(f => f.name === part.field && f.visibility === 'READ');
        return field ? [{ field, year: !!part.year, template: part.template }] : [];
    });

const defaultSortOf = (fields: AutoField[], meta?: ResourceMeta): AutoResource['defaultSort'] => {
    const sortable = (name?: string) => !!name && fields.some(f => f.name === name && f.sortable);
    const order = meta?.defaultSortOrder === 'ASC' ? 'ASC' : 'DESC';
    if (sortable(meta?.defaultSortField)) return { field: meta!.defaultSortField!, order };
    // The declared order may be on a field this role cannot sort by (a masked name).
    if (sortable('createdAt')) return { field: 'createdAt', order: 'DESC' };
    return { field: 'id', order: 'ASC' };
};

/** Child lists from the schema (a school's `classes`) and from the metadata (lists that are no field). */
const childrenOf = (context: Context, resource: SchemaResource, fields: AutoField[], meta?: ResourceMeta): AutoField[] => {
    const declared = meta?.children ?? [];
    const fromSchema = fields
        .filter(f => f.kind === 'children')
        .map(f => ({ ...f, inverse: declared.find(c => c.name === f.name)?.inverse ?? inverseOf(context, f.target!, resource.name) }));
    const extra = declared
        .filter(c => !fromSchema.some(f => f.name === c.name) && context.readable.has(c.target))
        .map(
            (c): AutoField => ({
                name: c.name,
                label: c.label ?? c.name,
                kind: 'children',
                target: c.target,
                inverse: c.inverse,
                required: false,
                visibility: 'READ',
                sortable: false,
            }),
        );
    return [...fromSchema, ...extra].filter(c => !!c.inverse);
};

/** The reference field of `child` that points back to `parent` (`classes` → the class's `schoolId`). */
const inverseOf = (context: Context, child: string, parent: string): string | undefined => {
    const type = context.schema.resourcesByName.get(child)?.type;
    const refs = (type?.fields ?? []).flatMap(f => {
        const described = describe({ schema: context.schema, owner: type }, f);
        return described?.kind === 'ref' && described.target === parent ? [f.name] : [];
    });
    return refs[0];
};

/** The wrapper a create mutation answers instead of the record (`NewApiToken { apiToken token }`), if any. */
export const createWrapperOf = (resource: SchemaResource, schema: SchemaIndex): CreateWrapper | undefined => {
    const create = resource.operations.CREATE;
    const returned = create && namedTypeOf(create.type).name;
    if (!returned || returned === resource.name) return undefined;
    const wrapper = schema.typesByName.get(returned);
    if (wrapper?.kind !== 'OBJECT') return undefined;
    const recordField = wrapper.fields.find(f => namedTypeOf(f.type).name === resource.name);
    if (!recordField) return undefined;
    const extras = wrapper.fields
        .filter(f => f !== recordField && namedTypeOf(f.type).kind === 'SCALAR')
        .map(f => ({ name: f.name, label: f.description || f.name }));
    return { recordField: recordField.name, extras };
};

const buildResource = (context: Context, resource: SchemaResource): AutoResource => {
    const { schema, session } = context;
    const meta = metaOf(session, resource.name);
    const permission = permissionOf(session, resource.name);
    const fields = fieldsOf(context, resource, meta);
    const ops = resource.operations;
    const allowed = (op: string, present: unknown) =>
        !!present && (permission?.operations ? permission.operations.includes(op) : true);
    const can = {
        create: allowed('create', ops.CREATE),
        edit: allowed('update', ops.UPDATE),
        delete: allowed('delete', ops.DELETE),
        bulkDelete: allowed('delete', ops.DELETE_MANY),
        bulkUpdate: allowed('update', ops.UPDATE_MANY),
    };
    const display = representationOf(resource, fields, meta);
    const defaultSort = defaultSortOf(fields, meta);
    const editInputs = can.edit ? inputsOf(context, resource, ops.UPDATE, fields, 'edit', meta) : [];
    const typeNames = new Set(resource.type.fields.map(f => f.name));
    return {
        name: resource.name,
        label: meta?.label || resource.label,
        area: meta?.area || 'other',
        inMenu: meta?.inMenu !== false,
        display,
        subtitle: subtitleOf(fields, meta),
        fields,
        listColumns: listColumnsOf(fields, display, defaultSort.field, meta),
        createInputs: can.create ? inputsOf(context, resource, ops.CREATE, fields, 'create', meta) : [],
        editInputs,
        // The generic bulk dialog offers the simple fields the role may change on every row.
        bulkInputs: can.bulkUpdate
            ? editInputs.filter(i => !i.disabled && i.visibility === 'READ' && BULK_KINDS.has(i.kind) && i.kind !== 'secret')
            : [],
        filters: filtersOf(schema, resource, fields, meta, context.readable, session),
        defaultSort,
        children: childrenOf(context, resource, fields, meta),
        actions: actionsOf(schema, resource, permission, context.readable, meta),
        upload: undefined,
        isFile: ['fileName', 'mimeType', 'size'].every(name => typeNames.has(name)),
        createWrapper: createWrapperOf(resource, schema),
        printForm: meta?.printForm ?? undefined,
        downloads: (meta?.downloads ?? []).map(d => ({
            label: d.label,
            path: d.path,
            params: d.params.map(({ enumType, ...p }) => {
                const type = enumType ? enumTypeNamed(schema, enumType) : undefined;
                return { ...p, choices: type ? enumChoices(type) : undefined };
            }),
        })),
        operations: permission?.operations ?? null,
        can,
        confirmations: meta?.confirmations ?? [],
    };
};

/** Queries answering a list of records without required arguments and beyond CRUD: work queues. */
const queuesOf = (schema: SchemaIndex, byName: Map<string, AutoResource>): WorkQueue[] => {
    const crud = new Set(
        schema.resources.flatMap(r => Object.values(r.operations).flatMap(op => (op ? [op.name, `_${op.name}Meta`] : []))),
    );
    return [...schema.queries.values()].flatMap(query => {
        const resource = namedTypeOf(query.type).name;
        const isList = query.type.kind === 'LIST' || (query.type.kind === 'NON_NULL' && query.type.ofType.kind === 'LIST');
        const free = query.args.every(arg => arg.type.kind !== 'NON_NULL');
        if (crud.has(query.name) || !isList || !free || !byName.has(resource)) return [];
        return [{ query: query.name, label: shortLabel(query.description, query.name), resource }];
    });
};

export const buildAdminModel = (schema: SchemaIndex, session: Session): AdminModel => {
    const readable = new Set(schema.resources.filter(r => isReadable(session, r.name)).map(r => r.name));
    const context: Context = { schema, session, readable };
    const resources = schema.resources.filter(r => readable.has(r.name)).map(r => buildResource(context, r));
    const byName = new Map(resources.map(r => [r.name, r]));
    // Uploads need the attachment resource built first: a second pass.
    for (const resource of resources) resource.upload = uploadOf(schema, resource, byName);
    return { resources, byName, queues: queuesOf(schema, byName), technical: !!session.technicalInfo };
};

