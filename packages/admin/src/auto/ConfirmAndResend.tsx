import { Confirm, setSubmissionErrors, useSaveContext } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { graphQLErrorsOf } from '../graphqlErrors';
import type { Confirmation } from './types';

/** A refusal the user may override, and the argument that overrides it. */
export interface Asked {
    argument: string;
    message: string;
}

/** The refusal among a failed save's errors that one of the resource's confirmations overrides (a possible duplicate). */
export const askedBy = (confirmations: Confirmation[], error: unknown): Asked | undefined => {
    for (const e of graphQLErrorsOf(error)) {
        const confirmation = e.extensions?.code === 'CONFLICT' && confirmations.find(c => c.rule === e.extensions?.rule);
        if (confirmation) return { argument: confirmation.argument, message: e.message };
    }
    return undefined;
};

/**
 * Inside a form: asks the API's question (该校已有同名同出生日期的学生（…），仍要新建吗？) and, confirmed,
 * saves the same values again with the confirmation argument set.
 */
export const ConfirmAndResend = ({ asked, onClose }: { asked: Asked | null; onClose: () => void }) => {
    const { save } = useSaveContext();
    const { getValues, setError } = useFormContext();
    const resend = async () => {
        if (!asked || !save) return;
        onClose();
        const errors = await save(getValues(), { transform: data => ({ ...data, [asked.argument]: true }) });
        if (errors) setSubmissionErrors(errors as Record<string, unknown>, setError);
    };
    return (
        <Confirm
            isOpen={!!asked}
            title="jiafang.confirm.title"
            content={asked?.message ?? ''}
            confirm="jiafang.confirm.create_anyway"
            onConfirm={resend}
            onClose={onClose}
        />
    );
};
