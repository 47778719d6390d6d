import { Alert, Button } from '@mui/material';
import { useEffect, useRef } from 'react';
import { useTranslate } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { useFormContext } from 'react-hook-form';
import { dropDraft, writeDraft } from './drafts';
import { writeKeyOf } from './writeKey';

const SAVE_AFTER_MS = 400;

/**
 * Inside a create form: says that what was typed last time is back (the form starts from it),
 * with a way to discard it, and keeps what is typed now on the device, a moment after each change.
 */
interface Props {
    resource: string;
    writeKey: string;
    /** The form starts from a draft (its default values). */
    restored: boolean;
    /** Inputs never kept on the device (passwords, a robot's webhook address). */
    secret: string[];
    onDiscard: () => void;
}

export const FormDraft = ({ resource, writeKey, restored, secret, onDiscard }: Props) => {
    const translate = useTranslate();
    const { subscribe } = useFormContext();
    const queryClient = useQueryClient();
    const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

    useEffect(() => {
        // Keep only what the user changed: an untouched form with its suggestions is not a draft.
        const stop = subscribe({
            formState: { values: true, isDirty: true },
            callback: ({ values, isDirty }) => {
                clearTimeout(timer.current);
                timer.current = setTimeout(() => {
                    // Once saved (or on its way), the form is no draft: a late write must not bring it back.
                    const saving = queryClient.getMutationCache().findAll({
                        predicate: m => m.state.status !== 'error' && writeKeyOf(m) === writeKey,
                    });
                    if (!isDirty || saving.length) return;
                    const kept = Object.fromEntries(Object.entries(values as Record<string, unknown>).filter(([name]) => !secret.includes(name)));
                    writeDraft(resource, { writeKey, values: kept, savedAt: Date.now() });
                }, SAVE_AFTER_MS);
            },
        });
        return () => {
            clearTimeout(timer.current);
            stop();
        };
    }, [resource, writeKey, secret, subscribe, queryClient]);

    if (!restored) return null;
    return (
        <Alert
            severity="info"
            sx={{ mb: 2, width: '100%' }}
            action={
                <Button
                    color="inherit"
                    size="small"
                    onClick={() => {
                        dropDraft(resource, writeKey);
                        onDiscard();
                    }}
                >
                    {translate('jiafang.offline.draft_discard')}
                </Button>
            }
        >
            {translate('jiafang.offline.draft_restored')}
        </Alert>
    );
};
