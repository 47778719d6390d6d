import { useEffect, useRef } from 'react';
import { useDataProvider } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import type { AutoInput } from './types';

const HOURS_AHEAD = /^now\+(\d+)h$/;
const FROM_REFERENCE = /^(\w+)\.(\w+)$/;

/** Today in China time (the bureaus' calendar), as a date input takes it. */
const chinaToday = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A new record's starting values from the API's suggestions: departure now, return in two hours,
 * today, the user's own staff record. Each may be changed; nothing is suggested on edit.
 */
export const suggestedValues = (inputs: AutoInput[], viewer: { staffId?: string | null }, now = new Date()): Record<string, unknown> => {
    const values: Record<string, unknown> = {};
    for (const input of inputs) {
        const s = input.suggest;
        if (!s || input.disabled) continue;
        const ahead = HOURS_AHEAD.exec(s);
        if (s === 'now') values[input.name] = now.toISOString();
        else if (ahead) values[input.name] = new Date(now.getTime() + Number(ahead[1]) * 3600_000).toISOString();
        else if (s === 'today') values[input.name] = chinaToday(now);
        else if (s === 'viewer.staff' && viewer.staffId) values[input.name] = viewer.staffId;
    }
    return values;
};

/** `student.address`: the reference input (`studentId`) and the field read from its record. */
const fromReference = (inputs: AutoInput[], input: AutoInput) => {
    const m = input.suggest && !input.suggest.startsWith('viewer.') ? FROM_REFERENCE.exec(input.suggest) : null;
    const ref = m && inputs.find(i => i.kind === 'ref' && i.name === `${m[1]}Id` && i.target);
    return ref ? { ref, field: m![2] } : undefined;
};

const FillFromReference = ({ input, refSource, target, field }: { input: AutoInput; refSource: string; target: string; field: string }) => {
    const { getValues, setValue } = useFormContext();
    const picked = useWatch({ name: refSource }) as string | undefined;
    const dataProvider = useDataProvider();
    // What was filled last: replaced when another record is picked, a typed value never is.
    const filled = useRef<unknown>(undefined);
    useEffect(() => {
        if (!picked) return;
        let live = true;
        dataProvider
            .getOne(target, { id: picked })
            .then(({ data }) => {
                const current = getValues(input.name);
                const value = (data as Record<string, unknown>)[field];
                if (!live || value == null || value === '' || (current && current !== filled.current)) return;
                filled.current = value;
                setValue(input.name, value, { shouldDirty: true });
            })
            .catch(() => undefined); // nothing suggested; the user types it
        return () => {
            live = false;
        };
    }, [picked, dataProvider, target, field, input.name, getValues, setValue]);
    return null;
};

/** In a create form: the suggestions taken from a picked reference (the visit's address from its student). */
export const SuggestFromReferences = ({ inputs }: { inputs: AutoInput[] }) => (
    <>
        {inputs.flatMap(input => {
            const from = fromReference(inputs, input);
            return from && !input.disabled
                ? [<FillFromReference key={input.name} input={input} refSource={from.ref.name} target={from.ref.target!} field={from.field} />]
                : [];
        })}
    </>
);
