import { Box } from '@mui/material';
import { useGetManyAggregate, useRecordContext, type RaRecord } from 'react-admin';
import { queryClient } from '../queryClient';
import { referenceChoices } from './referenceChoices';
import { representationOf } from './representation';
import type { AdminModel, AutoResource, AutoSubtitlePart } from './types';

type Row = Record<string, unknown>;
const SEPARATOR = ' · ';

const isRef = (part: AutoSubtitlePart) => part.field.kind === 'ref' && !!part.field.target;

/** A part's plain value as shown (a date as its year when declared so), in its template. */
const framed = (part: AutoSubtitlePart, text: string | undefined): string | undefined => {
    if (!text) return undefined;
    const value = part.year ? text.slice(0, 4) : text;
    return part.template ? part.template.replace('{}', value) : value;
};

const plainText = (part: AutoSubtitlePart, value: unknown): string | undefined => {
    if (value == null || value === '' || typeof value === 'object') return undefined;
    if (part.field.kind === 'enum') return part.field.choices?.find(c => c.id === value)?.name ?? String(value);
    return String(value);
};

/** A referenced record's name from the cache (the picker's list brought it along), if there. */
const cachedName = (model: AdminModel, part: AutoSubtitlePart, id: unknown): string | undefined => {
    const target = model.byName.get(part.field.target!);
    if (id == null || !target) return undefined;
    const records = queryClient.getQueryData<RaRecord[]>([target.name, 'getMany', { ids: [String(id)] }]);
    return records?.[0] ? representationOf(target)(records[0]) : undefined;
};

/** The subtitle as one line of text, from what is at hand (for the chosen value in the input). */
const subtitleText = (model: AdminModel, resource: AutoResource, record: Row): string =>
    resource.subtitle
        .map(part => framed(part, isRef(part) ? cachedName(model, part, record[part.field.name]) : plainText(part, record[part.field.name])))
        .filter(Boolean)
        .join(SEPARATOR);

/** A referenced record's name, fetched in one batch with the others of the page when not cached. */
const RefPart = ({ model, part, id }: { model: AdminModel; part: AutoSubtitlePart; id: string }) => {
    const target = model.byName.get(part.field.target!)!;
    const { data } = useGetManyAggregate(target.name, { ids: [id] });
    const name = data?.[0] ? representationOf(target)(data[0]) : undefined;
    return name ? <span>{framed(part, name)}</span> : null;
};

/** An option of a picker: the record's name, and under it what tells it from namesakes. */
const Option = ({ model, resource }: { model: AdminModel; resource: AutoResource }) => {
    const record = useRecordContext<RaRecord>();
    if (!record) return null;
    const parts = resource.subtitle.filter(part => record[part.field.name] != null && record[part.field.name] !== '');
    return (
        <Box component="span" sx={{ display: 'flex', flexDirection: 'column' }} className="jiafang-option">
            <span>{representationOf(resource)(record)}</span>
            {parts.length > 0 && (
                <Box
                    component="span"
                    className="jiafang-option-subtitle"
                    sx={{ fontSize: 12, color: 'text.secondary', '& > span:not(:empty) ~ span:not(:empty)::before': { content: `"${SEPARATOR}"` } }}
                >
                    {parts.map(part =>
                        isRef(part) && model.byName.has(part.field.target!) ? (
                            <RefPart key={part.field.name} model={model} part={part} id={String(record[part.field.name])} />
                        ) : (
                            <span key={part.field.name}>{framed(part, plainText(part, record[part.field.name]))}</span>
                        ),
                    )}
                </Box>
            )}
        </Box>
    );
};

/**
 * What an autocomplete over `resource` shows and how it searches: options with their subtitle
 * (城关中学 · 三年级2班 · 2015年生), the chosen value with it in brackets, and the referenced
 * records the subtitle names read with the choices (`meta.prefetch`), not one request each.
 */
export const pickerOf = (model: AdminModel, resource: AutoResource) => {
    const choices = referenceChoices(model, resource.name);
    const name = representationOf(resource);
    const prefetch = resource.subtitle.filter(part => isRef(part) && model.byName.has(part.field.target!)).map(part => part.field.name);
    if (!resource.subtitle.length) {
        return { reference: { perPage: choices.perPage }, input: { optionText: name, filterToQuery: choices.filterToQuery } };
    }
    return {
        reference: { perPage: choices.perPage, queryOptions: { meta: { prefetch } } },
        input: {
            optionText: <Option model={model} resource={resource} />,
            inputText: (record: Row) => {
                const subtitle = subtitleText(model, resource, record);
                return subtitle ? `${name(record)}（${subtitle}）` : name(record);
            },
            // The API searched already; every choice it answers matches.
            matchSuggestion: () => true,
            filterToQuery: choices.filterToQuery,
        },
    };
};
