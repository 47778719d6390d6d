import { Datagrid, List } from 'react-admin';
import { fieldFor } from './fieldFor';
import { displayableFields, type AutoResource, type SchemaIndex } from './introspection';

// Bookkeeping for optimistic locking; noise in a table.
const HIDDEN_IN_LIST = new Set(['version']);

interface AutoListProps {
    resource: AutoResource;
    schema: SchemaIndex;
}

/** Read-only list of any resource, columns taken from the schema (not guessed from records). */
export const AutoList = ({ resource, schema }: AutoListProps) => (
    <List perPage={25}>
        <Datagrid rowClick="show" bulkActionButtons={false}>
            {displayableFields(resource.type)
                .filter(field => !HIDDEN_IN_LIST.has(field.name))
                .map(field => fieldFor(schema, resource.type, field))}
        </Datagrid>
    </List>
);
