import { useState } from 'react';
import { Create, SimpleForm, useCreatePath, useRedirect, type RaRecord } from 'react-admin';
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
    return (
        <>
            <Create
                redirect="show"
                mutationOptions={wrapper ? { onSuccess: (record: RaRecord) => setCreated(record) } : undefined}
            >
                <SimpleForm>{resource.createInputs.map(input => inputFor(input, model))}</SimpleForm>
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
