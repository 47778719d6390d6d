import { DeleteButton, Edit, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { DeriveFromFields } from './DeriveFromFields';
import { VALIDATE_ON_BLUR } from './formMode';
import { inputFor } from './inputFor';
import { ScrollToFirstError } from './ScrollToFirstError';
import type { AdminModel, AutoResource } from './types';

// The form keeps the version it was opened with: a background refetch (window focus) would
// silently adopt someone else's newer version and defeat the stale-version check.
const KEEP_VERSION_SEEN = { refetchOnWindowFocus: false, refetchOnReconnect: false, refetchInterval: false } as const;

interface AutoEditProps {
    resource: AutoResource;
    model: AdminModel;
}

const EditToolbar = ({ resource }: { resource: AutoResource }) => (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
        <SaveButton />
        {resource.can.delete && <DeleteButton mutationMode="pessimistic" />}
    </Toolbar>
);

/**
 * The edit form of any resource: the update mutation's arguments, those the role may not change
 * (or sees masked) locked. Pessimistic, so a refused save (stale version, a rule) changes nothing.
 */
export const AutoEdit = ({ resource, model }: AutoEditProps) => (
    <Edit mutationMode="pessimistic" redirect="show" queryOptions={KEEP_VERSION_SEEN}>
        <SimpleForm toolbar={<EditToolbar resource={resource} />} {...VALIDATE_ON_BLUR}>
            {resource.editInputs.map(input => inputFor(input, model))}
            <DeriveFromFields inputs={resource.editInputs} />
            <ScrollToFirstError />
        </SimpleForm>
    </Edit>
);
