import type { IntrospectionField, IntrospectionInputValue, IntrospectionObjectType, IntrospectionTypeRef } from 'graphql';
import {
    enumChoices,
    enumTypeNamed,
    inputTypeNamed,
    isListType,
    isNonNull,
    namedTypeOf,
    objectTypeNamed,
    type SchemaIndex,
} from './introspection';
import type { MetaField } from './session';
import type { AutoField, FieldKind } from './types';

const DATE_SCALARS = new Set(['Date', 'LocalDate']);
const DATE_TIME_SCALARS = new Set(['DateTime', 'DateTimeISO', 'Timestamp', 'LocalDateTime']);
const NUMBER_SCALARS = new Set(['Int', 'Float', 'Decimal', 'BigInt']);
/** From this many characters a text is edited in a multi-line box. */
const LONG_TEXT_FROM = 500;
// Without the `resources` metadata (no maxLength), names decide which texts are long.
const LONG_TEXT_NAME = /(Situation|keyPoints|effect|plan|details|description|note|content|response|Note)$/;
// Money is stored as integer fen; the API names such fields …Fen (DESIGN.md), metadata says `money`.
const MONEY_NAME = /Fen$/;

/** A field of a type, or an argument standing for one: what kind of value it holds. */
interface Shape {
    name: string;
    type: IntrospectionTypeRef;
    description?: string | null;
}

/** `helpers` for `helperIds`, `classes` for `classId`'s list sibling, and so on. */
const pluralsOf = (singular: string) => [`${singular}s`, `${singular}es`, singular.replace(/y$/, 'ies')];

const resourceTypeOf = (schema: SchemaIndex, ref: IntrospectionTypeRef): string | undefined => {
    const name = namedTypeOf(ref).name;
    return schema.resourcesByName.has(name) ? name : undefined;
};

/** The resource a flat `xId` / `xIds` points to: metadata, else the sibling object field, else the name. */
const referenceTarget = (
    schema: SchemaIndex,
    owner: IntrospectionObjectType | undefined,
    name: string,
    list: boolean,
    meta?: MetaField,
): string | undefined => {
    if (meta?.target && schema.resourcesByName.has(meta.target)) return meta.target;
    const prefix = name.replace(list ? /Ids$/ : /Id$/, '');
    const siblingNames = list ? pluralsOf(prefix) : [prefix];
    const sibling = owner?.fields.find(f => siblingNames.includes(f.name) && isListType(f.type) === list);
    const fromSibling = sibling && resourceTypeOf(schema, sibling.type);
    const capitalised = prefix.charAt(0).toUpperCase() + prefix.slice(1);
    return fromSibling ?? (schema.resourcesByName.has(capitalised) ? capitalised : undefined);
};

/** A list of resources already covered by its flat `xIds` sibling (edited as a reference list). */
const hasFlatIdsSibling = (owner: IntrospectionObjectType | undefined, name: string) =>
    !!owner?.fields.some(f => /Ids$/.test(f.name) && pluralsOf(f.name.replace(/Ids$/, '')).includes(name));

const isLongText = (name: string, meta?: MetaField) =>
    meta && 'maxLength' in meta ? (meta.maxLength ?? 0) >= LONG_TEXT_FROM : LONG_TEXT_NAME.test(name);

const scalarKind = (scalar: string, name: string, meta?: MetaField): FieldKind => {
    if (meta?.kind === 'secret' || /^password$/i.test(name)) return 'secret';
    if (scalar === 'Boolean') return 'bool';
    if (NUMBER_SCALARS.has(scalar)) return meta?.money || (!meta && MONEY_NAME.test(name)) ? 'money' : 'number';
    if (DATE_SCALARS.has(scalar)) return 'date';
    if (DATE_TIME_SCALARS.has(scalar)) return 'datetime';
    if (/^JSON/.test(scalar)) return 'json';
    return isLongText(name, meta) ? 'longText' : 'text';
};

export interface KindContext {
    schema: SchemaIndex;
    /** The resource type the field or argument belongs to (for siblings). */
    owner?: IntrospectionObjectType;
    meta?: MetaField;
}

type Described = Omit<AutoField, 'visibility' | 'sortable'>;

/** A field inside an embedded object: readable with its record, never a column of its own. */
const asItem = (described: Described | undefined): AutoField[] =>
    described ? [{ ...described, visibility: 'READ', sortable: false }] : [];

/**
 * The one place that decides what a field holds. Returns undefined for fields shown through
 * another one (the `school` object beside `schoolId`, `helpers` beside `helperIds`).
 */
export const describe = ({ schema, owner, meta }: KindContext, shape: Shape): Described | undefined => {
    const { name } = shape;
    const named = namedTypeOf(shape.type);
    const list = isListType(shape.type);
    const base = { name, label: shape.description || name, required: isNonNull(shape.type) };
    if (named.kind === 'ENUM') {
        const type = enumTypeNamed(schema, named.name);
        return { ...base, kind: list ? 'enumList' : 'enum', choices: type ? enumChoices(type) : [] };
    }
    if (named.kind === 'SCALAR') {
        if (name === 'id') return { ...base, kind: 'id' };
        if (named.name === 'ID' && /Ids?$/.test(name)) {
            const target = referenceTarget(schema, owner, name, list, meta);
            if (target) return { ...base, kind: list ? 'refList' : 'ref', target };
        }
        const kind = scalarKind(named.name, name, meta);
        // "现金金额（分）" is shown and typed in yuan: the unit goes from the label.
        const label = kind === 'money' ? base.label.replace(/\s*[（(]分[)）]/, '') : base.label;
        return { ...base, label, kind, maxLength: meta?.maxLength ?? undefined };
    }
    if (named.kind === 'OBJECT') {
        const target = resourceTypeOf(schema, shape.type);
        if (target) {
            if (list) return hasFlatIdsSibling(owner, name) ? undefined : { ...base, kind: 'children', target };
            const flat = owner?.fields.some(f => f.name === `${name}Id`);
            return flat ? undefined : { ...base, kind: 'objectRef', target };
        }
        const object = objectTypeNamed(schema, named.name);
        const itemFields = (object?.fields ?? []).flatMap(f => asItem(describe({ schema }, f)));
        return { ...base, kind: list ? 'embeddedList' : 'embedded', itemFields };
    }
    if (named.kind === 'INPUT_OBJECT') {
        const input = inputTypeNamed(schema, named.name);
        const itemInputs = (input?.inputFields ?? []).flatMap(f => asItem(describe({ schema }, f)));
        return { ...base, kind: list ? 'embeddedList' : 'embedded', itemInputs, itemFields: itemInputs };
    }
    return undefined;
};

/**
 * An argument of a mutation on a resource: read as the resource's field of the same name when
 * there is one (`policeSignedOn: String` is the case's date), else from its own type.
 */
export const describeArgument = (
    context: KindContext & { metaFields?: MetaField[] },
    arg: IntrospectionInputValue,
): Described | undefined => {
    const field: IntrospectionField | undefined = context.owner?.fields.find(f => f.name === arg.name);
    const meta = context.metaFields?.find(m => m.name === arg.name);
    const asField = field && describe({ ...context, meta }, field);
    const asArg = describe({ ...context, meta }, arg);
    if (!asArg) return asField;
    if (!asField) return asArg;
    // The argument's own type decides what is sent (an input object for embedded lists, a
    // required flag); the field decides how it looks (a date, a reference, a long text).
    const keepArgShape = asArg.kind === 'embeddedList' || asArg.kind === 'embedded';
    return {
        ...(keepArgShape ? asArg : asField),
        itemInputs: asArg.itemInputs ?? asField.itemInputs,
        label: asField.label,
        required: asArg.required,
    };
};
