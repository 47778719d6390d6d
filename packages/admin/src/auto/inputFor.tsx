import LockIcon from '@mui/icons-material/Lock';

import type { ReactElement } from 'react';
import {
    ArrayInput,
    AutocompleteArrayInput,
    AutocompleteInput,
    BooleanInput,
    DateInput,
    DateTimeInput,
    maxLength,
    NullableBooleanInput,
    NumberInput,
    PasswordInput,
    ReferenceArrayInput,
    ReferenceInput,
    required,
    SelectArrayInput,
    SelectInput,
    SimpleFormIterator,
    TextInput,
    type Validator,
} from 'react-admin';
import { fenFromYuan, yuanFromFen } from './money';
import { pickerOf } from './subtitle';
import type { AdminModel, AutoInput } from './types';
import { ShownWhen } from './ShownWhen';

const validatorsOf = (input: AutoInput): Validator[] => [
    ...(input.required && !input.disabled ? [required()] : []),
    ...(input.maxLength ? [maxLength(input.maxLength)] : []),
];

/** The browser's `2026-11-25T09:00` (local time) as the ISO instant the API's DateTimeISO takes. */
const isoFromLocal = (value: string) => {
    if (!value) return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date.toISOString();
};

const LockedLabel = ({ label }: { label: string }) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        {label}
        <LockIcon sx={{ fontSize: 14 }} />
    </span>
);

const lockReason = (input: AutoInput) =>
    input.visibility === 'MASKED' ? 'jiafang.field.masked_readonly' : 'jiafang.field.readonly';


/**
 * The one place that maps a field kind to a react-admin input (forms, action dialogs, bulk edit).
 * `inline` inputs sit side by side in a list entry (`focusCategories`), at their natural width.
 */
export const inputFor = (input: AutoInput, model: AdminModel, inline = false): ReactElement | null => {
    const element = plainInputFor(input, model, inline);
    return element && input.shownWhen ? (
        <ShownWhen key={input.name} field={input.shownWhen.field} values={input.shownWhen.values}>
            {element}
        </ShownWhen>
    ) : (
        element
    );
};

const plainInputFor = (input: AutoInput, model: AdminModel, inline: boolean): ReactElement | null => {
    const key = input.name;
    // A locked input says why, with a lock in its label (an end adornment would clash with react-admin's clear button).
    const common = {
        source: input.name,
        label: input.disabled ? <LockedLabel label={input.label} /> : input.label,
        disabled: input.disabled,
        validate: validatorsOf(input),
        ...(input.disabled ? { helperText: lockReason(input) } : {}),
    };
    // One width for every single-line input, so a form reads as one column.
    const wide = inline ? {} : { fullWidth: true, sx: { maxWidth: 560 } };
    switch (input.kind) {
        case 'text':
            return <TextInput key={key} {...common} {...wide} />;
        case 'longText':
            return <TextInput key={key} {...common} multiline minRows={3} fullWidth />;
        case 'secret':
            return <PasswordInput key={key} {...common} autoComplete="new-password" {...wide} />;
        case 'number':
            return <NumberInput key={key} {...common} {...wide} />;
        case 'money':
            return (
                <NumberInput key={key} {...common} label={input.disabled ? <LockedLabel label={`${input.label}（元）`} /> : `${input.label}（元）`} step={0.01} format={yuanFromFen} parse={fenFromYuan} {...wide} />
            );
        case 'bool':
            return input.required ? <BooleanInput key={key} {...common} helperText={common.helperText ?? false} /> : <NullableBooleanInput key={key} {...common} {...wide} />;
        case 'date':
            return <DateInput key={key} {...common} {...wide} />;
        case 'datetime':
            return <DateTimeInput key={key} {...common} {...wide} parse={isoFromLocal} />;
        case 'enum':
            return <SelectInput key={key} {...common} choices={input.choices ?? []} translateChoice={false} emptyText=" " {...wide} />;
        case 'enumList':
            return <SelectArrayInput key={key} {...common} choices={input.choices ?? []} translateChoice={false} {...wide} />;
        case 'ref': {
            const target = model.byName.get(input.target!);
            if (!target) return null;
            const { source, ...rest } = common;
            return (
                <ReferenceInput key={key} source={source} label={input.label} reference={target.name} sort={target.defaultSort} {...pickerOf(model, target).reference}>
                    <AutocompleteInput {...rest} {...wide} {...pickerOf(model, target).input} />
                </ReferenceInput>
            );
        }
        case 'refList': {
            const target = model.byName.get(input.target!);
            if (!target) return null;
            const { source, ...rest } = common;
            return (
                <ReferenceArrayInput key={key} source={source} label={input.label} reference={target.name} sort={target.defaultSort} {...pickerOf(model, target).reference}>
                    <AutocompleteArrayInput {...rest} {...wide} {...pickerOf(model, target).input} />
                </ReferenceArrayInput>
            );
        }
        case 'embeddedList':
            // `focusCategories: [{ category, since, source }]`: one line of inputs per entry.
            return (
                <ArrayInput key={key} source={input.name} label={input.label}>
                    <SimpleFormIterator inline disableReordering disableAdd={input.disabled} disableRemove={input.disabled} disableClear>
                        {(input.itemInputs ?? []).map(item => inputFor({ ...item, disabled: input.disabled, sortable: false, visibility: 'READ' }, model, true))}
                    </SimpleFormIterator>
                </ArrayInput>
            );
        case 'json':
            return (
                <TextInput
                    key={key}
                    {...common}
                    multiline
                    fullWidth
                    format={value => (value == null ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2))}
                    parse={text => {
                        try {
                            return JSON.parse(text);
                        } catch {
                            return text;
                        }
                    }}
                />
            );
        default:
            return null;
    }
};
