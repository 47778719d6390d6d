import type { ReactElement } from 'react';
import { AutocompleteInput, DateInput, NumberInput, ReferenceInput, required, SelectInput, TextInput } from 'react-admin';
import { shortLabel } from '../auto/introspection';
import { pickerOf } from '../auto/subtitle';
import type { AdminModel } from '../auto/types';
import type { ReportArg } from './args';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const WIDTH = { width: 200 };

/** The admin's word for an argument (i18n), else the API's description in short. */
export const argLabel = (arg: ReportArg, translate: Translate): string =>
    translate(`jiafang.reports.args.${arg.name}`, { _: shortLabel(arg.description, arg.name) });

/** One input of a report's form: the kind of the argument decides, as inputFor does for records. */
export const argInput = (arg: ReportArg, model: AdminModel, translate: Translate): ReactElement | null => {
    const label = argLabel(arg, translate);
    const common = {
        source: arg.name,
        label,
        validate: arg.required ? [required()] : [],
        helperText: arg.example ? translate('jiafang.reports.example', { example: arg.example }) : false,
        sx: WIDTH,
    } as const;
    switch (arg.kind) {
        case 'text':
            return <TextInput key={arg.name} {...common} />;
        case 'month':
            return <TextInput key={arg.name} {...common} type="month" slotProps={{ inputLabel: { shrink: true } }} />;
        case 'number':
            return <NumberInput key={arg.name} {...common} />;
        case 'date':
            return <DateInput key={arg.name} {...common} helperText={false} />;
        case 'enum':
            return <SelectInput key={arg.name} {...common} helperText={false} choices={arg.choices ?? []} translateChoice={false} emptyText=" " />;
        case 'ref': {
            const target = model.byName.get(arg.target!);
            if (!target) return null;
            const picker = pickerOf(model, target);
            return (
                <ReferenceInput key={arg.name} source={arg.name} reference={target.name} filter={arg.filter} sort={target.defaultSort} {...picker.reference}>
                    <AutocompleteInput label={label} validate={common.validate} helperText={false} {...picker.input} sx={{ width: 240 }} />
                </ReferenceInput>
            );
        }
        default:
            return null;
    }
};
