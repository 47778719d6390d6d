import { useEffect, useRef } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { derivedValue, shouldFill, type Derivation } from './derive';
import type { AutoInput } from './types';

const FillDerived = ({ input, derive }: { input: AutoInput; derive: Derivation }) => {
    const { getValues, setValue } = useFormContext();
    const source = useWatch({ name: derive.from });
    // What was filled last: replaced when the source changes, a typed value never is.
    const filled = useRef<unknown>(undefined);
    useEffect(() => {
        const value = derivedValue(derive.fact, source);
        // An enum input takes only its own values.
        if (value !== undefined && input.choices && !input.choices.some(c => c.id === value)) return;
        if (!shouldFill(getValues(input.name), filled.current, value)) return;
        filled.current = value;
        setValue(input.name, value, { shouldDirty: true, shouldValidate: true });
    }, [source, derive.fact, input.name, input.choices, getValues, setValue]);
    return null;
};

/** In a form: the inputs the API says are read from another one (gender and birth date from a 身份证号), filled as it is typed. */
export const DeriveFromFields = ({ inputs }: { inputs: AutoInput[] }) => (
    <>
        {inputs.flatMap(input =>
            input.derive && !input.disabled && inputs.some(i => i.name === input.derive!.from)
                ? [<FillDerived key={input.name} input={input} derive={input.derive} />]
                : [],
        )}
    </>
);
