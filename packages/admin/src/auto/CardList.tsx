import { Box } from '@mui/material';
import { SimpleList, type RaRecord } from 'react-admin';
import { fieldFor } from './fieldFor';
import type { ReactNode } from 'react';
import type { AutoField, AutoResource } from './types';

const MAX_SECONDARY = 3;

// Each value its own span; a dot between those that are not empty (a phone visit has no address).
const LINE = {
    display: 'block',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    '& > span:not(:empty) ~ span:not(:empty)::before': { content: '" · "' },
} as const;

const Line = ({ fields }: { fields: AutoField[] }) => (
    <Box component="span" sx={LINE}>
        {fields.map(f => (
            <span key={f.name}>{fieldFor(f, 'list')}</span>
        ))}
    </Box>
);

const hasValue = (record: RaRecord, f: AutoField) => {
    const v = record[f.name];
    return v != null && v !== '' && !(Array.isArray(v) && v.length === 0);
};

/**
 * The list on a phone: a card per record instead of a table wider than the screen. The record's
 * display field leads, or when it is empty (a phone visit has no address) the record it is about
 * (its student); a few more that have values follow on one line, references first; a tap opens it.
 */
export const CardList = ({ resource, fields, empty }: { resource: AutoResource; fields: AutoField[]; empty: ReactNode }) => {
    const shown = resource.listColumns.map(name => fields.find(f => f.name === name)).filter((f): f is AutoField => !!f);
    // The display field, else whom or what the record is about (a visit's student), else what it must have.
    const rank = (f: AutoField) => (f.kind === 'ref' || f.kind === 'objectRef' ? 0 : f.required ? 1 : 2);
    const byNeed = [...shown].sort((a, b) => rank(a) - rank(b));
    const leadOf = (record: RaRecord) => [shown[0], ...byNeed].find(f => hasValue(record, f)) ?? shown[0];
    const restOf = (record: RaRecord) => byNeed.filter(f => f !== leadOf(record) && hasValue(record, f)).slice(0, MAX_SECONDARY);
    if (!shown.length) return null;
    return (
        <SimpleList
            linkType="show"
            empty={empty}
            primaryText={(record: RaRecord) => <Line fields={[leadOf(record)]} />}
            secondaryText={(record: RaRecord) => <Line fields={restOf(record)} />}
            sx={{ '& .MuiListItemText-root': { minWidth: 0 } }}
        />
    );
};
