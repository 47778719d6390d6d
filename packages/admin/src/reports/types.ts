// The reports area as the API describes it (`reports`, `reportDefaults`): the admin names no
// report, column or argument of its own; everything below is read from that metadata.

/** count, money (fen), percent (85.3), text, or blank (an empty column of the printed form only). */
export type ColumnKind = 'count' | 'money' | 'percent' | 'text' | 'blank';

export interface ReportColumn {
    key: string;
    label: string;
    kind: ColumnKind | string;
    /** Columns sharing a group sit under one merged head (家访形式统计). */
    group?: string | null;
    /** Offered by the API only: the printed form has no such column. */
    apiOnly?: boolean;
    of?: string[] | null;
}

export interface ReportDimension {
    key: string;
    label: string;
    /** Rows carry `<key>Label` with the Chinese label. */
    labelled: boolean;
}

export interface ReportChart {
    kind: 'units' | 'total' | 'dimension' | string;
    columns: string[];
    dimension?: string | null;
    title: string;
}

export interface ReportInfo {
    /** The report's query. */
    name: string;
    title: string;
    form: string;
    description: string;
    /** aggregate, or compliance (with a paged list of students behind the figures). */
    kind: string;
    args: string[];
    requiredArgs: string[];
    groupings: string[];
    defaultGrouping: string;
    unitHead: string;
    dimensions: ReportDimension[];
    columns: ReportColumn[];
    chart?: ReportChart | null;
    /** `/reports/<query>.xlsx`, taking the report's arguments as query-string parameters. */
    download: string;
    /** The paged query listing what lies behind the figures, when the report names it. */
    list?: string | null;
    /** A button on each row of the list; absent for roles that may not use it. */
    listAction?: ReportListAction | null;
}

/** The period the reports open on: the latest with records (the demo county stops in the past). */
export type ReportDefaults = Record<string, string | null | undefined>;

export interface ReportCatalog {
    reports: ReportInfo[];
    defaults: ReportDefaults;
}

export type RowType = 'DETAIL' | 'SUBTOTAL' | 'TOTAL' | string;

export type ReportRow = Record<string, unknown> & { rowType?: RowType; unitName?: string; unitId?: string | null };

export interface ReportResult {
    title?: string;
    form?: string;
    unitName?: string;
    period?: string;
    from?: string;
    to?: string;
    asOf?: string;
    grouping?: string;
    rows: ReportRow[];
    total?: ReportRow | null;
}

/** Argument values as the form holds them; empty ones are not sent. */
export type ReportArgs = Record<string, unknown>;

/** Each row of a report's list: `mutation(arg: row[from])`, or a link to the `doneResource` record in `row[doneField]`. */
export interface ReportListAction {
    mutation: string;
    label: string;
    arg: string;
    from: string;
    doneField: string;
    doneResource: string;
    doneLabel: string;
}
