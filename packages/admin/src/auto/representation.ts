import type { AutoField, AutoResource } from './types';

type Row = Record<string, unknown>;

/** Titles and chips stay short even when the display field is a paragraph. */
const MAX_CHARS = 24;
const shortened = (text: string) => ([...text].length > MAX_CHARS ? `${[...text].slice(0, MAX_CHARS).join('')}…` : text);

const textOf = (field: AutoField, value: unknown): string | undefined => {
    if (value == null || value === '') return undefined;
    if (field.kind === 'enum') return field.choices?.find(c => c.id === value)?.name ?? String(value);
    if (field.kind === 'date' || field.kind === 'datetime') return String(value).slice(0, 10);
    return typeof value === 'object' ? undefined : String(value);
};

/**
 * A record in a few characters (titles, references, autocomplete): its display field, else —
 * when that is empty or hidden from the role — its first readable text, enum or date.
 */
export const representationOf = (resource: AutoResource) => {
    const display = resource.fields.find(f => f.name === resource.display);
    const fallbacks = resource.fields.filter(
        f => f !== display && f.visibility === 'READ' && ['text', 'enum', 'date', 'datetime'].includes(f.kind),
    );
    return (record: Row | undefined): string => {
        if (!record) return '';
        const text = [display, ...fallbacks].reduce<string | undefined>(
            (found, field) => found ?? (field ? textOf(field, record[field.name]) : undefined),
            undefined,
        );
        return text ? shortened(text) : `#${String(record.id ?? '').slice(0, 8)}`;
    };
};
