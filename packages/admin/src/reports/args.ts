import type { IntrospectionField, IntrospectionInputValue } from 'graphql';
import { describe } from '../auto/fieldKinds';
import { enumChoices, enumTypeNamed, isNonNull, namedTypeOf, type SchemaIndex } from '../auto/introspection';
import type { AdminModel, Choice } from '../auto/types';
import type { ReportArgs, ReportDefaults, ReportInfo } from './types';

export type ArgKind = 'text' | 'month' | 'date' | 'number' | 'enum' | 'ref';

/** One argument of a report's query as an input of its form. */
export interface ReportArg {
    name: string;
    /** The API's description: the label when i18n has none, and the example. */
    description: string;
    kind: ArgKind;
    required: boolean;
    /** What the description gives as an example (`学年，如 2024-2025`). */
    example?: string;
    choices?: Choice[];
    /** ref: the resource chosen from, and a fixed filter on it (towns among the regions). */
    target?: string;
    filter?: Record<string, string>;
    /** The enum of the report's groupings: offered in the report's order, its default preselected. */
    grouping?: boolean;
}

const DATE_SCALARS = new Set(['Date', 'LocalDate']);
const NUMBER_SCALARS = new Set(['Int', 'Float']);
const EXAMPLE = /如\s*([^\s（(，,；;)）]+)/;
const MONTH = /^\d{4}-\d{2}$/;

export const reportQueryOf = (schema: SchemaIndex, info: ReportInfo): IntrospectionField | undefined => schema.queries.get(info.name);

/** The enum argument whose values are the report's groupings (`groupBy`). */
export const isGroupingArg = (schema: SchemaIndex, info: ReportInfo, arg: IntrospectionInputValue): boolean => {
    const named = namedTypeOf(arg.type);
    const type = named.kind === 'ENUM' ? enumTypeNamed(schema, named.name) : undefined;
    return !!type && info.groupings.length > 0 && info.groupings.every(g => type.enumValues.some(v => v.name === g));
};

/**
 * `townId` when no resource is called Town: the resource one of whose enum fields has the value
 * TOWN and may be filtered on it (the regions, by level).
 */
const levelTargetOf = (model: AdminModel, name: string): { target: string; filter: Record<string, string> } | undefined => {
    const value = name.replace(/Id$/, '').toUpperCase();
    for (const resource of model.resources) {
        const field = resource.fields.find(
            f => f.kind === 'enum' && f.choices?.some(c => c.id === value) && resource.filters.some(filter => filter.source === f.name),
        );
        if (field) return { target: resource.name, filter: { [field.name]: value } };
    }
    return undefined;
};

const describeArg = (schema: SchemaIndex, model: AdminModel, info: ReportInfo, arg: IntrospectionInputValue): ReportArg | undefined => {
    const named = namedTypeOf(arg.type);
    const description = arg.description ?? '';
    const example = EXAMPLE.exec(description)?.[1];
    const base = { name: arg.name, description, required: info.requiredArgs.includes(arg.name) || isNonNull(arg.type) };
    if (named.kind === 'ENUM') {
        const type = enumTypeNamed(schema, named.name);
        const all = type ? enumChoices(type) : [];
        if (isGroupingArg(schema, info, arg)) {
            const choices = info.groupings.flatMap(g => all.filter(c => c.id === g));
            return { ...base, kind: 'enum', choices, grouping: true };
        }
        return { ...base, kind: 'enum', choices: all };
    }
    if (named.kind !== 'SCALAR') return undefined;
    if (DATE_SCALARS.has(named.name)) return { ...base, kind: 'date' };
    if (NUMBER_SCALARS.has(named.name)) return { ...base, kind: 'number' };
    if (named.name === 'ID') {
        const described = describe({ schema }, arg);
        const ref =
            described?.kind === 'ref' && described.target ? { target: described.target, filter: undefined } : levelTargetOf(model, arg.name);
        // A reference the role may not read: typed by hand when it must be given, else left out.
        if (ref && model.byName.has(ref.target)) return { ...base, kind: 'ref', target: ref.target, filter: ref.filter };
        return base.required ? { ...base, kind: 'text' } : undefined;
    }
    // A month input says its format itself: no example under it.
    if (example && MONTH.test(example)) return { ...base, kind: 'month' };
    return { ...base, kind: 'text', example };
};

/** The inputs of a report's form, in the order the metadata lists its arguments. */
export const reportArgsOf = (schema: SchemaIndex, model: AdminModel, info: ReportInfo): ReportArg[] => {
    const query = reportQueryOf(schema, info);
    if (!query) return [];
    return info.args.flatMap(name => {
        const arg = query.args.find(a => a.name === name);
        const described = arg && describeArg(schema, model, info, arg);
        return described ? [described] : [];
    });
};

/**
 * What a report opens on: the default period (school year, date) wherever the report takes it, a
 * default reference (the latest campaign) only where the report needs one, and its grouping.
 */
export const initialArgsOf = (args: ReportArg[], info: ReportInfo, defaults: ReportDefaults): ReportArgs =>
    Object.fromEntries(
        args.flatMap(arg => {
            if (arg.grouping) return info.defaultGrouping ? [[arg.name, info.defaultGrouping]] : [];
            const value = defaults[arg.name];
            if (value == null || value === '') return [];
            return arg.kind !== 'ref' || arg.required ? [[arg.name, value]] : [];
        }),
    );

const isEmpty = (value: unknown) => value == null || value === '' || (Array.isArray(value) && value.length === 0);

/** The values to send: empty inputs are left to the API's defaults. */
export const givenArgs = (values: ReportArgs, names: string[]): ReportArgs =>
    Object.fromEntries(names.flatMap(name => (isEmpty(values[name]) ? [] : [[name, values[name]]])));

/** The required arguments still empty. */
export const missingArgs = (args: ReportArg[], values: ReportArgs): ReportArg[] => args.filter(a => a.required && isEmpty(values[a.name]));

/** The report's download with the arguments as query-string parameters. */
export const downloadPathOf = (info: ReportInfo, values: ReportArgs): string => {
    const given = givenArgs(values, info.args);
    const query = new URLSearchParams(Object.entries(given).map(([k, v]) => [k, String(v)]));
    const text = query.toString();
    return text ? `${info.download}?${text}` : info.download;
};
