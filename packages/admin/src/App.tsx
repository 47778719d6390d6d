import { Admin, Resource } from 'react-admin';
import { AutoList } from './auto/AutoList';
import { AutoShow } from './auto/AutoShow';
import { representationFieldOf, type SchemaIndex } from './auto/introspection';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { SchemaError, SchemaLoading } from './SchemaStatus';
import { useSchemaIndex } from './useSchemaIndex';

/** One <Resource> per listable type in the schema; no resource is named in the admin code. */
const resourcesOf = (schema: SchemaIndex) =>
    schema.resources.map(resource => (
        <Resource
            key={resource.name}
            name={resource.name}
            options={{ label: resource.label }}
            recordRepresentation={representationFieldOf(resource.type)}
            list={<AutoList resource={resource} schema={schema} />}
            show={<AutoShow resource={resource} schema={schema} />}
        />
    ));

export const App = () => {
    const state = useSchemaIndex();
    if (state.status === 'loading') return <SchemaLoading />;
    if (state.status === 'error') return <SchemaError error={state.error} />;
    return (
        <Admin
            title="家访 Jiafang"
            dataProvider={dataProvider}
            authProvider={authProvider}
            i18nProvider={i18nProvider}
            requireAuth
            disableTelemetry
        >
            {resourcesOf(state.schema)}
        </Admin>
    );
};
