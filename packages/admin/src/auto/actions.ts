import type { IntrospectionField } from 'graphql';
import { describeArgument } from './fieldKinds';
import { namedTypeOf, shortLabel, type SchemaIndex, type SchemaResource } from './introspection';
import type { ResourceMeta, ResourcePermission } from './session';
import type { AutoAction, AutoInput, AutoResource, AutoUpload } from './types';

/** Mutations named review* need the `review` operation; other workflow steps need `update`. */
const operationFor = (mutation: string) => (/^review/.test(mutation) ? 'review' : 'update');

const isIdArgument = (field: IntrospectionField) =>
    field.args.some(a => a.name === 'id' && a.type.kind === 'NON_NULL' && namedTypeOf(a.type).name === 'ID');

/**
 * Every mutation taking a record's `id` (and optionally its `version`) and answering the record,
 * besides its own update and delete: `departVisit`, `confirm…(category)`, `revokeApiToken`.
 */
export const actionsOf = (
    schema: SchemaIndex,
    resource: SchemaResource,
    permission: ResourcePermission | undefined,
    readable: Set<string>,
    meta?: ResourceMeta,
): AutoAction[] => {
    const own = new Set(Object.values(resource.operations).flatMap(op => (op ? [op.name] : [])));
    return [...schema.mutations.values()]
        .filter(m => namedTypeOf(m.type).name === resource.name && !own.has(m.name) && isIdArgument(m))
        .filter(m => !permission?.operations || permission.operations.includes(operationFor(m.name)))
        .map(m => {
            // Arguments in the order the record shows its fields, not the schema's alphabetical one.
            const order = resource.type.fields.map(f => f.name);
            const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
            const args = [...m.args]
                .sort((a, b) => rank(a.name) - rank(b.name))
                .filter(a => a.name !== 'id' && a.name !== 'version')
                .flatMap((arg): AutoInput[] => {
                    const described = describeArgument({ schema, owner: resource.type, metaFields: meta?.fields }, arg);
                    if (!described || (described.target && !readable.has(described.target))) return [];
                    return [{ ...described, visibility: 'READ', sortable: false, disabled: false }];
                });
            const description = m.description ?? '';
            // A declared step: its button and the states it starts from, as the API checks them.
            const declared = meta?.actions?.find(a => a.mutation === m.name);
            return {
                mutation: m.name,
                label: declared?.label ?? shortLabel(description, m.name),
                description,
                args,
                from: declared?.from,
                inRows: !args.some(a => a.required),
            };
        });
};

/**
 * The upload mutation for a resource whose child list holds files: it answers the file
 * resource, takes a file name and content, and one argument names the owner — the reference
 * field of the file resource pointing back here (`visitId`, `dropoutCaseId`).
 */
export const uploadOf = (
    schema: SchemaIndex,
    resource: AutoResource,
    byName: Map<string, AutoResource>,
): AutoUpload | undefined => {
    for (const child of resource.children) {
        const files = byName.get(child.target!);
        if (!files?.isFile || !child.inverse) continue;
        const mutation = [...schema.mutations.values()].find(
            m =>
                namedTypeOf(m.type).name === files.name &&
                m.args.some(a => a.name === child.inverse) &&
                m.args.some(a => a.name === 'fileName') &&
                m.args.some(a => /^content/.test(a.name)),
        );
        // Files have no create mutation of their own: the upload is how the role's `create` is used.
        if (!mutation || (files.operations && !files.operations.includes('create'))) continue;
        const contentArg = mutation.args.find(a => /^content/.test(a.name))!.name;
        const ownerArgs = new Set(files.fields.filter(f => f.kind === 'ref').map(f => f.name));
        const filesType = schema.resourcesByName.get(files.name)!.type;
        const args = mutation.args
            .filter(a => a.name !== 'fileName' && a.name !== contentArg && !ownerArgs.has(a.name))
            .flatMap((arg): AutoInput[] => {
                const described = describeArgument({ schema, owner: filesType }, arg);
                return described ? [{ ...described, visibility: 'READ', sortable: false, disabled: false }] : [];
            });
        return {
            mutation: mutation.name,
            attachmentResource: files.name,
            ownerArg: child.inverse,
            fileNameArg: 'fileName',
            contentArg,
            args,
        };
    }
    return undefined;
};
