import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client';
import { useMemo } from 'react';
import { Admin, CustomRoutes, reactRouterProvider, Resource } from 'react-admin';
import { AutoList } from './auto/AutoList';
import { firstPageKey } from './auto/listQuery';
import type { SchemaIndex } from './auto/introspection';
import { representationOf } from './auto/representation';
import type { Session } from './auto/session';
import type { AdminModel } from './auto/types';
import { modelFor, SchemaProvider } from './auto/useAdminModel';
import { authProvider } from './authProvider';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { EXPLORER_PATH } from './graphiql/paths';
import { IMPORT_PATH } from './import/paths';
import { areaOf } from './layout/areas';
import { Layout } from './layout/Layout';
import { lazyPage } from './lazyPage';
import { LoginPage } from './LoginPage';
import { FRESH_MS, queryClient } from './queryClient';
import { REPORTS_PATH } from './reports/paths';
import { SchemaError, SchemaLoading } from './SchemaStatus';
import { useSchemaIndex } from './useSchemaIndex';
import { addResumableWrites, OUTBOX_OPTIONS, outboxPersister, sendOutbox } from './offline/outbox';
import { trackOutbox } from './offline/sentWrites';
import { getToken, userOfToken } from './token';

// Lists come with this chunk (the first thing a user opens); the rest loads when first shown.
const AutoShow = lazyPage(() => import('./auto/AutoShow').then(m => m.AutoShow));
const AutoEdit = lazyPage(() => import('./auto/AutoEdit').then(m => m.AutoEdit));
const AutoCreate = lazyPage(() => import('./auto/AutoCreate').then(m => m.AutoCreate));
const ReportsPage = lazyPage(() => import('./reports/ReportsPage').then(m => m.ReportsPage));
const ImportPage = lazyPage(() => import('./import/ImportPage').then(m => m.ImportPage));
const ExplorerPage = lazyPage(() => import('./graphiql/ExplorerPage').then(m => m.ExplorerPage));

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

/**
 * The list a bookmark or a link opens (`#/<Resource>`, nothing stored for it) starts loading with the
 * session, beside the screens' first render instead of after it; the page then finds it cached.
 */
const prefetchLandingList = (model: AdminModel) => {
    const name = /^#\/(\w+)$/.exec(window.location.hash)?.[1];
    const resource = model.resources.find(r => r.name === name);
    if (!resource || localStorage.getItem(`RaStore.${resource.name}.list`) != null) return;
    const key = firstPageKey(resource, model);
    if (queryClient.getQueryState(key)) return;
    void queryClient
        .fetchQuery({ queryKey: key, queryFn: () => dataProvider.getList(resource.name, key[2]) })
        // Fresh for the moment the page needs to mount on it, not refetched at once.
        .then(({ data, total, pageInfo, meta }) => queryClient.setQueryData(key, { data, total, pageInfo, meta }, { updatedAt: Date.now() + FRESH_MS }))
        .catch(() => undefined); // the page asks again and shows the error
};

const withSession = (schema: SchemaIndex, session: Session | null) => {
    if (!session) return [];
    const model = modelFor(schema, session);
    prefetchLandingList(model);
    return resourcesOf(model);
};

/**
 * The user's outbox (writes kept on the device) is restored before the screens, and sent at once
 * when there is a network; each write knows how to run again (addResumableWrites).
 */
const AdminForSchema = ({ schema }: { schema: SchemaIndex }) => {
    const persister = useMemo(() => {
        addResumableWrites(queryClient, dataProvider, [...schema.resourcesByName.keys()]);
        trackOutbox(queryClient);
        return outboxPersister(userOfToken(getToken()));
    }, [schema]);
    return (
        <PersistQueryClientProvider
            client={queryClient}
            persistOptions={{ persister, ...OUTBOX_OPTIONS }}
            onSuccess={() => sendOutbox(queryClient)}
        >
            <AdminScreens schema={schema} />
        </PersistQueryClientProvider>
    );
};

const AdminScreens = ({ schema }: { schema: SchemaIndex }) => (
    <SchemaProvider schema={schema}>
        <Admin
            title="家访 Jiafang"
            dataProvider={dataProvider}
            queryClient={queryClient}
            authProvider={authProvider}
            i18nProvider={i18nProvider}
            layout={Layout}
            loginPage={LoginPage}
            dashboard={Dashboard}
            loading={SchemaLoading}
            requireAuth
            disableTelemetry
        >
            {/* 报表: generated from the API's report metadata, not from a resource. */}
            <CustomRoutes>
                <Route path={`${REPORTS_PATH}/:name?`} element={<ReportsPage />} />
                {/* 导入: for the resources the API lists as importable. */}
                <Route path={`${IMPORT_PATH}/:resource`} element={<ImportPage />} />
                {/* GraphQL 查询: the bundled explorer with this session's token. */}
                <Route path={EXPLORER_PATH} element={<ExplorerPage />} />
            </CustomRoutes>
            {(session: Session | null) => withSession(schema, session)}
        </Admin>
    </SchemaProvider>
);

/** The admin once signed in: the schema (a cached chunk of the build), then every screen. */
const SignedInApp = () => {
    // Just signed in on the login route: start from the dashboard.
    if (window.location.hash.startsWith('#/login')) window.history.replaceState(null, '', `${window.location.pathname}#/`);
    const state = useSchemaIndex();
    if (state.status === 'loading') return <SchemaLoading />;
    if (state.status === 'error') return <SchemaError error={state.error} />;
    return <AdminForSchema schema={state.schema} />;
};

export default SignedInApp;
