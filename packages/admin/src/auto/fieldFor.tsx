import LockIcon from '@mui/icons-material/Lock';
import { Box, Chip, Stack, Tooltip } from '@mui/material';
import type { ReactElement, ReactNode } from 'react';
import {
    ArrayField,
    BooleanField,
    Datagrid,
    DateField,
    FunctionField,
    NumberField,
    ReferenceArrayField,
    ReferenceField,
    SelectField,
    TextField,
    useTranslate,
} from 'react-admin';
import { formatYuan } from './money';
import type { AutoField, Choice } from './types';

type Variant = 'list' | 'show';
type Row = Record<string, unknown>;

/** A text in a list cell: one line, cut with an ellipsis. */
const CUT_SHORT = { display: 'block', maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };

const labelOf = (choices: Choice[] | undefined, id: unknown) => choices?.find(c => c.id === id)?.name ?? String(id);

/** An object of a list (`{ category, since, source }`) in a few words: its enum label first. */
const summaryOf = (item: Row, fields: AutoField[], variant: Variant): string => {
    const enumField = fields.find(f => f.kind === 'enum');
    const head = enumField ? labelOf(enumField.choices, item[enumField.name]) : '';
    if (variant === 'list' && head) return head;
    const rest = fields
        .filter(f => f !== enumField && item[f.name] != null && item[f.name] !== '')
        .map(f => String(item[f.name]));
    return [head, ...rest].filter(Boolean).join(' · ');
};

const Chips = ({ labels }: { labels: string[] }) => (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {labels.map((label, index) => (
            <Chip key={`${label}-${index}`} label={label} size="small" />
        ))}
    </Stack>
);

/** A value the role sees masked (`110102********123X`): shown with a lock saying so. */
const MaskedValue = ({ children }: { children: ReactNode }) => {
    const translate = useTranslate();
    return (
        <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
            {children}
            <Tooltip title={translate('jiafang.field.masked')}>
                <LockIcon sx={{ fontSize: 14, color: 'text.disabled' }} aria-label={translate('jiafang.field.masked')} />
            </Tooltip>
        </Box>
    );
};

/** The `source` react-admin knows a column by (the column picker's key). */
export const sourceOf = (field: AutoField) => (field.kind === 'objectRef' ? `${field.name}.id` : field.name);

/** The one place that maps a field kind to a react-admin display component. */
export const fieldFor = (field: AutoField, variant: Variant = 'show'): ReactElement => {
    // `key` stays out of the spread: React warns when a spread object carries it.
    const key = field.name;
    const common = { source: field.name, label: field.label, sortable: field.sortable };
    const render = (render: (record: Row) => ReactNode) => (
        <FunctionField key={key} {...common} render={(record: Row) => (record[field.name] == null ? null : render(record))} />
    );

    if (field.visibility === 'MASKED') {
        // A date read as year and month comes as the month's first day: show the month only.
        const shown = (value: unknown) => (field.kind === 'date' ? String(value).slice(0, 7) : String(value));
        return render(record => <MaskedValue>{shown(record[field.name])}</MaskedValue>);
    }
    switch (field.kind) {
        case 'ref':
            return <ReferenceField key={key} {...common} reference={field.target!} link="show" />;
        case 'refList':
            return <ReferenceArrayField key={key} {...common} reference={field.target!} />;
        case 'objectRef':
            return <ReferenceField key={key} {...common} source={`${field.name}.id`} reference={field.target!} link="show" />;
        case 'enum':
            return <SelectField key={key} {...common} choices={field.choices ?? []} translateChoice={false} />;
        case 'enumList':
            return render(record => <Chips labels={(record[field.name] as string[]).map(id => labelOf(field.choices, id))} />);
        case 'embeddedList':
            if (variant === 'show' && field.itemFields?.some(f => f.kind === 'number')) {
                // Counts and the like read best as a small table.
                return (
                    <ArrayField key={key} {...common}>
                        <Datagrid bulkActionButtons={false} rowClick={false}>
                            {(field.itemFields ?? []).map(item => fieldFor({ ...item, sortable: false }, 'list'))}
                        </Datagrid>
                    </ArrayField>
                );
            }
            return render(record => (
                <Chips labels={(record[field.name] as Row[]).map(item => summaryOf(item, field.itemFields ?? [], variant))} />
            ));
        case 'embedded':
            return render(record => summaryOf(record[field.name] as Row, field.itemFields ?? [], 'show'));
        case 'bool':
            return <BooleanField key={key} {...common} />;
        case 'date':
            return <DateField key={key} {...common} locales="zh-CN" />;
        case 'datetime':
            return <DateField key={key} {...common} locales="zh-CN" showTime />;
        case 'money':
            return render(record => formatYuan(record[field.name] as number));
        case 'number':
            return <NumberField key={key} {...common} />;
        case 'json':
            return render(record => (
                <Box component="pre" sx={{ m: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
                    {JSON.stringify(record[field.name], null, variant === 'show' ? 2 : 0)}
                </Box>
            ));
        case 'longText':
            return variant === 'list' ? (
                <TextField key={key} {...common} sx={CUT_SHORT} />
            ) : (
                <TextField key={key} {...common} sx={{ whiteSpace: 'pre-wrap' }} />
            );
        default:
            return <TextField key={key} {...common} sx={variant === 'list' ? CUT_SHORT : undefined} />;
    }
};
