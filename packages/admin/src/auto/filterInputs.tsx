import type { ReactElement } from 'react';
import {
    AutocompleteInput,
    DateInput,
    NullableBooleanInput,
    ReferenceInput,
    SearchInput,
    SelectArrayInput,
    SelectInput,
    TextInput,
} from 'react-admin';
import { pickerOf } from './subtitle';
import type { AdminModel, AutoFilter, AutoResource } from './types';

/** A day picked for a date-time bound: from its start, or up to its end, in local time. */
const dayBound = (bound: AutoFilter['bound']) => (day: string) => {
    if (!day) return undefined;
    const start = new Date(`${day}T00:00:00`);
    if (Number.isNaN(start.getTime())) return undefined;
    return bound === 'to' ? new Date(start.getTime() + 86_400_000 - 1).toISOString() : start.toISOString();
};

const filterInput = (filter: AutoFilter, model: AdminModel): ReactElement | null => {
    const { source, label } = filter;
    switch (filter.kind) {
        case 'search':
            return <SearchInput key={source} source={source} alwaysOn placeholder={label} />;
        case 'text':
            return <TextInput key={source} source={source} label={label} />;
        case 'enum':
            return <SelectInput key={source} source={source} label={label} choices={filter.choices ?? []} translateChoice={false} />;
        case 'enumList':
            return <SelectArrayInput key={source} source={source} label={label} choices={filter.choices ?? []} translateChoice={false} sx={{ minWidth: 200 }} />;
        case 'bool':
            return <NullableBooleanInput key={source} source={source} label={label} />;
        case 'date':
            return <DateInput key={source} source={source} label={label} />;
        case 'datetime':
            return <DateInput key={source} source={source} label={label} parse={dayBound(filter.bound)} />;
        case 'ref':
        case 'refList': {
            const target = model.byName.get(filter.target!);
            if (!target) return null;
            const picker = pickerOf(model, target);
            return (
                <ReferenceInput key={source} source={source} label={label} reference={target.name} sort={target.defaultSort} {...picker.reference}>
                    <AutocompleteInput label={label} {...picker.input} sx={{ minWidth: 220 }} />
                </ReferenceInput>
            );
        }
        default:
            return null;
    }
};

/** The list's filter inputs: the search box always shown, the rest behind "添加筛选". */
export const filterInputsOf = (resource: AutoResource, model: AdminModel): ReactElement[] =>
    resource.filters.flatMap(filter => filterInput(filter, model) ?? []);
