import { useDataProvider } from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';
import { namedTypeOf, objectTypeNamed } from '../auto/introspection';
import { selectionOf, type Wanted } from '../auto/session';
import { loadSchemaIndex } from '../schemaIndex';
import { perToken } from '../token';
import { useLoaded, type Loaded } from '../useLoaded';
import type { ReportCatalog, ReportInfo } from './types';

// The metadata queries of the reports area; only the parts the schema has are asked for.
const CATALOG_QUERY = 'reports';
const DEFAULTS_QUERY = 'reportDefaults';

const WANTED_REPORT: Wanted = {
    name: true,
    title: true,
    form: true,
    description: true,
    kind: true,
    args: true,
    requiredArgs: true,
    groupings: true,
    defaultGrouping: true,
    unitHead: true,
    dimensions: { key: true, label: true, labelled: true },
    columns: { key: true, label: true, kind: true, group: true, apiOnly: true, of: true },
    chart: { kind: true, columns: true, dimension: true, title: true },
    download: true,
    list: true,
    listAction: { mutation: true, label: true, arg: true, from: true, doneField: true, doneResource: true, doneLabel: true },
};

/** Fills what an older API leaves out, so the screens need not check every field. */
const complete = (info: Partial<ReportInfo> & { name: string }): ReportInfo => ({
    title: info.name,
    form: '',
    description: '',
    kind: 'aggregate',
    args: [],
    requiredArgs: [],
    groupings: [],
    defaultGrouping: '',
    unitHead: '',
    dimensions: [],
    columns: [],
    chart: null,
    download: '',
    ...info,
});

const fetchCatalog = async (dataProvider: AdminDataProvider): Promise<ReportCatalog> => {
    const schema = await loadSchemaIndex();
    const reports = selectionOf(schema, schema.queries.get(CATALOG_QUERY), WANTED_REPORT);
    if (!reports) return { reports: [], defaults: {} };
    const defaultsQuery = schema.queries.get(DEFAULTS_QUERY);
    // Every scalar of the defaults: the period's values, named as the report arguments they fill.
    const defaultsType = defaultsQuery && objectTypeNamed(schema, namedTypeOf(defaultsQuery.type).name);
    const defaultsWanted: Wanted = Object.fromEntries(
        (defaultsType?.fields ?? []).filter(f => namedTypeOf(f.type).kind === 'SCALAR').map(f => [f.name, true]),
    );
    const defaults = selectionOf(schema, defaultsQuery, defaultsWanted);
    const text = `query reportCatalog { ${CATALOG_QUERY} ${reports} ${defaults ? `${DEFAULTS_QUERY} ${defaults}` : ''} }`;
    const { data } = await dataProvider.runQuery<Record<string, unknown>>({ text });
    const infos = (data[CATALOG_QUERY] as (Partial<ReportInfo> & { name: string })[] | undefined) ?? [];
    return {
        reports: infos.map(complete),
        defaults: (data[DEFAULTS_QUERY] as ReportCatalog['defaults'] | undefined) ?? {},
    };
};

// One request per session: the menu, the home page and the reports page share it.
const catalogFor = perToken(fetchCatalog);

/** The reports the signed-in role may read and the period to open them on. */
export const useReportCatalog = (): Loaded<{ catalog: ReportCatalog }> => {
    const dataProvider = useDataProvider<AdminDataProvider>();
    return useLoaded(() => catalogFor(dataProvider).then(catalog => ({ catalog })), [dataProvider]);
};
