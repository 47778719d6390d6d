import type { jiafangChinese } from './jiafang.zh-CN';

// The admin's own strings in English; resource and field labels stay Chinese (the schema's).
export const jiafangEnglish: typeof jiafangChinese = {
    area: {
        org: 'Organisation',
        roster: 'Rosters',
        visit: 'Home visits',
        pairing: 'Pairings',
        assistance: 'Assistance',
        dropout: 'Dropout control',
        system: 'System',
        other: 'Other',
    },
    login: { subtitle: 'Home visits · pairings · assistance · dropout control' },
    auth: { session_expired: 'Your session has expired, please sign in again' },
    error: { stale_version: 'Someone else changed this record: refresh it before editing' },
    field: {
        masked: 'Masked: your role sees part of this value',
        masked_readonly: 'Masked, cannot be changed',
        readonly: 'Your role cannot change this field',
    },
    show: { details: 'Details' },
    action: { done: 'Done: %{action}', menu: 'Workflow steps', column: 'Actions' },
    bulk: { update: 'Bulk edit', field: 'Field to change', update_help: 'Set one value on the %{smart_count} selected %{name} records:' },
    export: { xlsx: 'Export Excel (all filtered rows)', csv: 'Export CSV (all filtered rows)' },
    download: { unavailable: 'The server does not offer this download', failed: 'Download failed' },
    file: { file: 'File', download: 'Download', upload: 'Upload file', choose: 'Choose file', uploaded: 'Uploaded: %{name}' },
    create: {
        one_time_title: 'Save this now',
        one_time_warning: 'These values are shown only once and cannot be shown again.',
        one_time_done: 'Saved, continue',
        copy: 'Copy',
    },
    dashboard: { welcome: 'Hello, %{name}', none: 'Nothing here', planned_this_week: 'Visits planned this week', all: 'See all' },
};
