import type { IntrospectionField, IntrospectionObjectType } from 'graphql';
import { enumChoices, enumTypeNamed, isListType, namedTypeOf, objectTypeNamed, shortLabel, type SchemaIndex } from '../auto/introspection';
import { typeText } from '../auto/selection';
import type { AdminModel, Choice } from '../auto/types';
import { givenArgs, isGroupingArg, reportQueryOf } from './args';
import type { ReportArgs, ReportInfo, ReportListAction } from './types';

// What every report answers besides its columns (the API's report contract).
const HEAD_FIELDS = ['title', 'form', 'unitName', 'period', 'from', 'to', 'asOf', 'grouping'];
const ROW_FIELDS = ['unitId', 'unitCode', 'unitName', 'rowType'];
const ROWS = 'rows';
const TOTAL = 'total';
// A paged list: `count` and `items`, paged by `page` and `perPage`.
const LIST_COUNT = 'count';
const LIST_ITEMS = 'items';
const PAGE_ARGS = ['page', 'perPage'];
/** Fields that name an object, when its resource is not one the role reads. */
const NAMING_FIELDS = ['name', 'displayName', 'fullName', 'title', 'label', 'code'];

export interface BuiltQuery {
    text: string;
    variables: ReportArgs;
}

/** `query report($schoolYear: String) { result: x(schoolYear: $schoolYear) … }` with only the given arguments. */
const operationText = (query: IntrospectionField, values: ReportArgs, selection: string): BuiltQuery => {
    const variables = givenArgs(
        values,
        query.args.map(a => a.name),
    );
    const given = query.args.filter(a => a.name in variables);
    const definitions = given.map(a => `$${a.name}: ${typeText(a.type)}`).join(', ');
    const args = given.map(a => `${a.name}: $${a.name}`).join(', ');
    return {
        text: `query ${query.name}${definitions ? `(${definitions})` : ''} { result: ${query.name}${args ? `(${args})` : ''} ${selection} }`,
        variables,
    };
};

const fieldNamesOf = (type: IntrospectionObjectType | undefined): Set<string> | undefined =>
    type ? new Set(type.fields.map(f => f.name)) : undefined;

const objectOfField = (schema: SchemaIndex, type: IntrospectionObjectType | undefined, name: string) => {
    const field = type?.fields.find(f => f.name === name);
    return field && objectTypeNamed(schema, namedTypeOf(field.type).name);
};

/** The fields of a report row the metadata names: unit, row type, dimensions (and their labels), non-blank columns. */
export const rowFieldsOf = (info: ReportInfo): string[] => [
    ...ROW_FIELDS,
    ...info.dimensions.flatMap(d => (d.labelled ? [d.key, `${d.key}Label`] : [d.key])),
    ...info.columns.filter(c => c.kind !== 'blank').map(c => c.key),
];

/** The report's query, written from its metadata; fields the schema does not have are left out. */
export const reportQuery = (schema: SchemaIndex, info: ReportInfo, values: ReportArgs): BuiltQuery => {
    const query = reportQueryOf(schema, info);
    if (!query) throw new Error(`The API has no query ${info.name}`);
    const result = objectTypeNamed(schema, namedTypeOf(query.type).name);
    const known = fieldNamesOf(result);
    const head = HEAD_FIELDS.filter(f => !known || known.has(f));
    const rowKnown = fieldNamesOf(objectOfField(schema, result, ROWS));
    const row = rowFieldsOf(info).filter(f => !rowKnown || rowKnown.has(f));
    const selection = `{ ${head.join(' ')} ${ROWS} { ${row.join(' ')} } ${TOTAL} { ${row.join(' ')} } }`;
    return operationText(query, values, selection);
};

export interface ListColumn {
    name: string;
    label: string;
    kind: 'object' | 'enum' | 'number' | 'date' | 'text';
    choices?: Choice[];
    /** object: the resource it is (for a link), the field that names it and what to select. */
    target?: string;
    display?: string;
    selection?: string;
}

export interface ListFilter {
    name: string;
    label: string;
    choices: Choice[];
}

/** A paged list of what lies behind a report's figures (the students short of a rule). */
export interface ReportList {
    query: IntrospectionField;
    label: string;
    columns: ListColumn[];
    filters: ListFilter[];
    /** The row button, when the API offers it and has its mutation. */
    action?: ReportListAction;
}

const isPagedList = (schema: SchemaIndex, query: IntrospectionField): boolean => {
    const type = objectTypeNamed(schema, namedTypeOf(query.type).name);
    const items = type?.fields.find(f => f.name === LIST_ITEMS);
    return (
        !!items &&
        isListType(items.type) &&
        !!type?.fields.some(f => f.name === LIST_COUNT) &&
        PAGE_ARGS.every(name => query.args.some(a => a.name === name))
    );
};

const columnsOf = (schema: SchemaIndex, model: AdminModel, item: IntrospectionObjectType): ListColumn[] => {
    const objects = new Set(item.fields.filter(f => namedTypeOf(f.type).kind === 'OBJECT').map(f => f.name));
    return item.fields.flatMap((field): ListColumn[] => {
        const named = namedTypeOf(field.type);
        const label = shortLabel(field.description, field.name);
        // `studentId` beside `student`: the object is shown, by name.
        if (named.kind === 'SCALAR' && named.name === 'ID' && objects.has(field.name.replace(/Id$/, ''))) return [];
        if (named.kind === 'OBJECT') {
            // A list of objects (a risk score's reasons) has no one value for a cell; a text field beside it says it.
            if (isListType(field.type)) return [];
            const type = objectTypeNamed(schema, named.name);
            const names = new Set(type?.fields.map(f => f.name) ?? []);
            const resource = model.byName.get(named.name);
            const display = resource && names.has(resource.display) ? resource.display : NAMING_FIELDS.find(n => names.has(n));
            if (!display) return [];
            const selection = `{ ${names.has('id') && display !== 'id' ? 'id ' : ''}${display} }`;
            return [{ name: field.name, label, kind: 'object', target: resource?.name, display, selection }];
        }
        if (named.kind === 'ENUM') {
            const type = enumTypeNamed(schema, named.name);
            return [{ name: field.name, label, kind: 'enum', choices: type ? enumChoices(type) : [] }];
        }
        if (named.kind !== 'SCALAR') return [];
        if (named.name === 'Int' || named.name === 'Float') return [{ name: field.name, label, kind: 'number' }];
        if (named.name === 'LocalDate' || named.name === 'Date') return [{ name: field.name, label, kind: 'date' }];
        return [{ name: field.name, label, kind: 'text' }];
    });
};

/**
 * The paged list behind a report: the query it names (`list`), or for a compliance report the one
 * that takes the report's filters (all its arguments but the grouping) plus paging; it answers `{ count items }`. Its own list-of-enum
 * arguments (the rules) become filters.
 */
export const reportListOf = (schema: SchemaIndex, model: AdminModel, info: ReportInfo): ReportList | undefined => {
    const report = reportQueryOf(schema, info);
    if (!report) return undefined;
    const filterArgs = report.args.filter(a => info.args.includes(a.name) && !isGroupingArg(schema, info, a)).map(a => a.name);
    // The list the report names, else the paged list taking all its filters.
    const query = info.list
        ? schema.queries.get(info.list)
        : [...schema.queries.values()].find(
              q => q !== report && isPagedList(schema, q) && filterArgs.every(name => q.args.some(a => a.name === name)),
          );
    if (query && !isPagedList(schema, query)) return undefined;
    if (!query) return undefined;
    const listType = objectTypeNamed(schema, namedTypeOf(query.type).name);
    const item = objectOfField(schema, listType, LIST_ITEMS);
    if (!item) return undefined;
    const filters = query.args.flatMap((arg): ListFilter[] => {
        const named = namedTypeOf(arg.type);
        const type = named.kind === 'ENUM' ? enumTypeNamed(schema, named.name) : undefined;
        if (!type || !isListType(arg.type) || filterArgs.includes(arg.name)) return [];
        return [{ name: arg.name, label: shortLabel(type.description ?? arg.description, arg.name), choices: enumChoices(type) }];
    });
    const action = info.listAction && schema.mutations.has(info.listAction.mutation) ? info.listAction : undefined;
    return {
        query,
        label: shortLabel(query.description, query.name),
        // The action's own fields (the case's id) show as its button or link, not as columns.
        columns: columnsOf(schema, model, item).filter(c => c.name !== action?.doneField),
        filters,
        action,
    };
};

/** One page of the list, with the report's arguments the list takes and the chosen filters. */
export const reportListQuery = (list: ReportList, values: ReportArgs): BuiltQuery => {
    const fields = list.columns.map(c => (c.kind === 'object' ? `${c.name} ${c.selection}` : c.name));
    const actionFields = list.action ? [list.action.from, list.action.doneField].filter(f => !list.columns.some(c => c.name === f)) : [];
    const items = [...fields, ...actionFields].join(' ');
    return operationText(list.query, values, `{ ${LIST_COUNT} ${LIST_ITEMS} { ${items} } }`);
};

/** The row button's mutation for one row: `mutation { result: m(arg: $value) { id } }`. */
export const listActionMutation = (action: ReportListAction, item: Record<string, unknown>): { text: string; variables: Record<string, unknown> } => ({
    text: `mutation listAction($value: ID!) { result: ${action.mutation}(${action.arg}: $value) { id } }`,
    variables: { value: item[action.from] },
});
