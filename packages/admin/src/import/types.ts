// What the API says about imports: `importableResources` and the NDJSON lines of an upload.

export interface ImportInfo {
    resource: string;
    label: string;
    op: string;
    ops: string[];
    key?: string | null;
    keyLabel?: string | null;
    templatePath: string;
    uploadPath: string;
}

export interface ImportColumn {
    header: string;
    field: string | null;
    label: string | null;
    hintFor?: string;
}

export interface ImportMapping {
    columns: ImportColumn[];
    unmatched: string[];
    missing: string[];
    fields: { field: string; label: string; required: boolean }[];
}

export interface ImportProgress {
    rows: number;
    failed: number;
    bytes: number;
    totalBytes: number | null;
}

export interface ImportRowError {
    row: number;
    column: string | null;
    field: string | null;
    code: string;
    rule: string | null;
    message: string;
}

export interface ImportResult {
    committed: boolean;
    dryRun: boolean;
    replayed: boolean;
    op: string;
    mode: string;
    total: number;
    created: number;
    updated: number;
    unchanged: number;
    notWritten: number;
    failed: number;
    columns: ImportColumn[];
    errors: ImportRowError[];
    errorCount: number;
    errorsTruncated: boolean;
    errorReport: string | null;
}

export type ImportLine =
    | { progress: ImportProgress }
    | { mapping: ImportMapping }
    | { result: ImportResult }
    | { error: { message: string; code?: string; rule?: string } };

export type ImportMode = 'ALL_OR_NOTHING' | 'VALID_ONLY';
