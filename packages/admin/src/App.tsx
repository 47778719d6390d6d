import { Admin, CustomRoutes, reactRouterProvider, Resource } from 'react-admin';
import { AutoCreate } from './auto/AutoCreate';
import { AutoEdit } from './auto/AutoEdit';
import { AutoList } from './auto/AutoList';
import { AutoShow } from './auto/AutoShow';
import type { SchemaIndex } from './auto/introspection';
import { representationOf } from './auto/representation';
import type { Session } from './auto/session';
import type { AdminModel } from './auto/types';
import { modelFor, SchemaProvider } from './auto/useAdminModel';
import { authProvider } from './authProvider';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { areaOf } from './layout/areas';
import { Layout } from './layout/Layout';
import { LoginPage } from './LoginPage';
import { REPORTS_PATH, ReportsPage } from './reports/ReportsPage';
import { ImportPage } from './import/ImportPage';
import { IMPORT_PATH } from './import/paths';
import { SchemaError, SchemaLoading } from './SchemaStatus';
import { useSchemaIndex } from './useSchemaIndex';

/**
 * One <Resource> per type the role may read, with only the pages its operations allow; no
 * resource is named in the admin code.
 */
const resourcesOf = (model: AdminModel) =>
    model.resources.map(resource => (
        <Resource
            key={resource.name}
            name={resource.name}
            options={{ label: resource.label }}
            icon={areaOf(resource.area).icon}
            recordRepresentation={representationOf(resource)}
            list={<AutoList resource={resource} model={model} />}
            show={<AutoShow resource={resource} model={model} />}
            edit={resource.can.edit && resource.editInputs.length ? <AutoEdit resource={resource} model={model} /> : undefined}
            create={resource.can.create ? <AutoCreate resource={resource} model={model} /> : undefined}
        />
    ));

// The router react-admin runs on (its default), for the one page that is not a resource.
const { Route } = reactRouterProvider;

const AdminForSchema = ({ schema }: { schema: SchemaIndex }) => (
    <SchemaProvider schema={schema}>
        <Admin
            title="家访 Jiafang"
            dataProvider={dataProvider}
            authProvider={authProvider}
            i18nProvider={i18nProvider}
            layout={Layout}
            loginPage={LoginPage}
            dashboard={Dashboard}
            requireAuth
            disableTelemetry
        >
            {/* 报表: generated from the API's report metadata, not from a resource. */}
            <CustomRoutes>
                <Route path={`${REPORTS_PATH}/:name?`} element={<ReportsPage />} />
                {/* 导入: for the resources the API lists as importable. */}
                <Route path={`${IMPORT_PATH}/:resource`} element={<ImportPage />} />
            </CustomRoutes>
            {(session: Session | null) => (session ? resourcesOf(modelFor(schema, session)) : [])}
        </Admin>
    </SchemaProvider>
);

export const App = () => {
    const state = useSchemaIndex();
    if (state.status === 'loading') return <SchemaLoading />;
    if (state.status === 'error') return <SchemaError error={state.error} />;
    return <AdminForSchema schema={state.schema} />;
};
