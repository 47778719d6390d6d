import type { ReactNode } from 'react';
import { useWatch } from 'react-hook-form';
import type { AutoInput } from './types';

/**
 * An input shown only while another field of the form holds one of `values` (the API's
 * `shownWhen`): a visit's record appears once 已完成 is chosen, its address for a visit that travels.
 */
export const ShownWhen = ({ field, values, children }: { field: string; values: string[]; children: ReactNode }) => {
    const value = useWatch({ name: field }) as unknown;
    return values.includes(String(value)) ? <>{children}</> : null;
};

/** A form's values without those of inputs it does not show (a suggested return time on a phone visit). */
export const withoutHidden = (data: Record<string, unknown>, inputs: AutoInput[]): Record<string, unknown> => {
    const hidden = inputs.filter(i => i.shownWhen && !i.shownWhen.values.includes(String(data[i.shownWhen.field])));
    return hidden.length ? Object.fromEntries(Object.entries(data).filter(([name]) => !hidden.some(i => i.name === name))) : data;
};
