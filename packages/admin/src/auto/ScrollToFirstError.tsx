import { useEffect, useRef } from 'react';
import { useFormState } from 'react-hook-form';

// An input in error, as MUI marks it: its control, whatever the kind of input.
const IN_ERROR = '.MuiFormControl-root:has(.Mui-error), .MuiFormControl-root:has([aria-invalid="true"])';
const FOCUSABLE = 'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), [role="combobox"], [tabindex="0"]';

/**
 * Inside a form: after a save that failed, on the browser's checks or on the server's field
 * errors (BAD_USER_INPUT), the first input in error down the page is scrolled into view and
 * focused, so the clerk sees why nothing was saved.
 */
export const ScrollToFirstError = () => {
    const marker = useRef<HTMLSpanElement>(null);
    const { submitCount, isSubmitting, errors } = useFormState();
    const handled = useRef(0);
    useEffect(() => {
        if (isSubmitting || submitCount === handled.current || !Object.keys(errors).length) return;
        // After the errors are drawn (MUI marks the inputs in the next render).
        const frame = requestAnimationFrame(() => {
            const form = marker.current?.closest('form');
            const first = form?.querySelector<HTMLElement>(IN_ERROR);
            if (!first) return;
            handled.current = submitCount;
            first.scrollIntoView({ block: 'center' });
            first.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true });
        });
        return () => cancelAnimationFrame(frame);
    }, [submitCount, isSubmitting, errors]);
    return <span ref={marker} hidden />;
};
