import { useMemo, useState } from 'react';
import { keyForForm, readDraft } from '../offline/drafts';
import { FormDraft } from '../offline/FormDraft';
import { QueuedSave } from '../offline/QueuedSave';
import { newWriteKey } from '../offline/writeKey';
import { Create, Loading, SimpleForm, useCreatePath, useGetIdentity, useLocation, useNotify, useRedirect, type RaRecord } from 'react-admin';
import { askedBy, ConfirmAndResend, type Asked } from './ConfirmAndResend';
import { DeriveFromFields } from './DeriveFromFields';
import { ScrollToFirstError } from './ScrollToFirstError';
import { suggestedValues, SuggestFromReferences } from './suggestions';
import { inputFor } from './inputFor';
import { withoutHidden } from './ShownWhen';
import { OneTimeValuesDialog } from './OneTimeValuesDialog';
import type { AdminModel, AutoResource } from './types';
import { VALIDATE_ON_BLUR } from './formMode';

interface AutoCreateProps {
    resource: AutoResource;
    model: AdminModel;
}

/**
 * The create form of any resource: the create mutation's arguments the role may fill in. Values
 * the API answers only once (a new API token) are shown before leaving the page. What is typed
 * is kept as a draft on the device, and the save carries an Idempotency-Key: saved offline, it
 * waits in the outbox and is sent once when the network returns.
 */
export const AutoCreate = ({ resource, model }: AutoCreateProps) => {
    const redirect = useRedirect();
    const createPath = useCreatePath();
    const [created, setCreated] = useState<RaRecord | null>(null);
    const [writeKey, setWriteKey] = useState(() => keyForForm(resource.name));
    const secret = useMemo(() => resource.createInputs.filter(i => i.kind === 'secret').map(i => i.name), [resource.createInputs]);
    const wrapper = resource.createWrapper;
    const show = (record: RaRecord) => redirect(createPath({ resource: resource.name, id: record.id, type: 'show' }));
    // Opened from a parent's child list (新建监护人 on a student's tab): back to that tab once saved.
    const returnTo = (useLocation().state as { returnTo?: string } | null)?.returnTo;
    const notify = useNotify();
    const [asked, setAsked] = useState<Asked | null>(null);
    // A refusal the user may override is a question; any other is told as react-admin would.
    const onError = (error: unknown) => {
        const question = askedBy(resource.confirmations, error);
        if (question) return setAsked(question);
        const fieldErrors = (error as { body?: { errors?: object } })?.body?.errors;
        if (!fieldErrors || !Object.keys(fieldErrors).length) notify((error as Error)?.message || 'ra.notification.http_error', { type: 'error' });
    };
    // The form starts from the API's suggestions, some of which need the user (their staff record).
    const { identity, isPending } = useGetIdentity();
    const suggested = useMemo(
        () => suggestedValues(resource.createInputs, { staffId: identity?.staffId as string | null | undefined }),
        [resource.createInputs, identity],
    );
    // What was typed last time (same key: its save, if it happened, is answered, not repeated).
    const draft = useMemo(() => {
        const kept = readDraft(resource.name);
        return kept?.writeKey === writeKey ? kept.values : null;
    }, [resource.name, writeKey]);
    if (isPending) return <Loading />;
    return (
        <>
            <Create
                redirect={returnTo ? () => returnTo : 'show'}
                transform={(data: Record<string, unknown>) => withoutHidden(data, resource.createInputs)}
                mutationOptions={{ meta: { writeKey }, onError, ...(wrapper ? { onSuccess: (record: RaRecord) => setCreated(record) } : {}) }}
            >
                <SimpleForm key={writeKey} defaultValues={draft ? { ...suggested, ...draft } : suggested} {...VALIDATE_ON_BLUR}>
                    <FormDraft resource={resource.name} writeKey={writeKey} restored={!!draft} secret={secret} onDiscard={() => setWriteKey(newWriteKey())} />
                    {resource.createInputs.map(input => inputFor(input, model))}
                    <SuggestFromReferences inputs={resource.createInputs} />
                    <DeriveFromFields inputs={resource.createInputs} />
                    <ScrollToFirstError />
                    <ConfirmAndResend asked={asked} onClose={() => setAsked(null)} />
                    <QueuedSave resource={resource.name} writeKey={writeKey} />
                </SimpleForm>
            </Create>
            {wrapper && created && (
                <OneTimeValuesDialog
                    extras={wrapper.extras}
                    values={(created.oneTimeValues ?? {}) as Record<string, unknown>}
                    onClose={() => show(created)}
                />
            )}
        </>
    );
};
