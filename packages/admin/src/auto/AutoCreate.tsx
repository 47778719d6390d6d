import { useMemo, useState } from 'react';
import { Create, Loading, SimpleForm, useCreatePath, useGetIdentity, useRedirect, type RaRecord } from 'react-admin';
import { suggestedValues, SuggestFromReferences } from './suggestions';
import { inputFor } from './inputFor';
import { OneTimeValuesDialog } from './OneTimeValuesDialog';
import type { AdminModel, AutoResource } from './types';

interface AutoCreateProps {
    resource: AutoResource;
    model: AdminModel;
}

/**
 * The create form of any resource: the create mutation's arguments the role may fill in. Values
 * the API answers only once (a new API token) are shown before leaving the page.
 */
export const AutoCreate = ({ resource, model }: AutoCreateProps) => {
    const redirect = useRedirect();
    const createPath = useCreatePath();
    const [created, setCreated] = useState<RaRecord | null>(null);
    const wrapper = resource.createWrapper;
    const show = (record: RaRecord) => redirect(createPath({ resource: resource.name, id: record.id, type: 'show' }));
    // The form starts from the API's suggestions, some of which need the user (their staff record).
    const { identity, isPending } = useGetIdentity();
    const suggested = useMemo(
        () => suggestedValues(resource.createInputs, { staffId: identity?.staffId as string | null | undefined }),
        [resource.createInputs, identity],
    );
    if (isPending) return <Loading />;
    return (
        <>
            <Create
                redirect="show"
                mutationOptions={wrapper ? { onSuccess: (record: RaRecord) => setCreated(record) } : undefined}
            >
                <SimpleForm defaultValues={suggested}>
                    {resource.createInputs.map(input => inputFor(input, model))}
                    <SuggestFromReferences inputs={resource.createInputs} />
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
