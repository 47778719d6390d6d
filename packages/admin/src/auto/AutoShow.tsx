import { Show, SimpleShowLayout } from 'react-admin';
import { fieldFor } from './fieldFor';
import { displayableFields, type AutoResource, type SchemaIndex } from './introspection';

interface AutoShowProps {
    resource: AutoResource;
    schema: SchemaIndex;
}

/** Read-only detail page of any resource, every scalar and enum field from the schema. */
export const AutoShow = ({ resource, schema }: AutoShowProps) => (
    <Show>
        <SimpleShowLayout>{displayableFields(resource.type).map(field => fieldFor(schema, resource.type, field))}</SimpleShowLayout>
    </Show>
);
