import buildGraphQLProvider from 'ra-data-graphql-simple';
import { introspectSchema, type IntrospectionResult } from 'ra-data-graphql';
import type { DataProvider } from 'react-admin';
import { apolloClient } from './apolloClient';
import { withFlatReferencesOnly } from './flatReferences';
import { toReactAdminError } from './graphqlErrors';

const INTROSPECTION_ATTEMPTS = 3;

/**
 * ra-data-graphql caches the introspection promise forever, so a failed first
 * attempt (API still starting) would break the app until reload: retry a few times.
 */
const introspectWithRetry: typeof introspectSchema = async (client, options) => {
    for (let attempt = 1; ; attempt++) {
        try {
            return await introspectSchema(client, options);
        } catch (error) {
            if (attempt >= INTROSPECTION_ATTEMPTS) throw error;
            await new Promise(resolve => setTimeout(resolve, 1000 * attempt));
        }
    }
};

const graphqlProvider = buildGraphQLProvider({
    client: apolloClient,
    bulkActionsEnabled: true,
    // Honoured at run time but missing from the Options type.
    ...({ resolveIntrospection: introspectWithRetry } as object),
    // react-admin keeps its own cache; Apollo's normalised cache would merge partial records (`{ id }` references).
    query: () => ({ fetchPolicy: 'no-cache' }),
    mutation: () => ({ fetchPolicy: 'no-cache' }),
});

/** The schema as ra-data-graphql read it; App builds its resources from it. */
export const getIntrospection = (): Promise<IntrospectionResult> => graphqlProvider.getIntrospection();

const withApiErrors = (provider: DataProvider): DataProvider =>
    Object.fromEntries(
        Object.entries(provider).map(([name, method]) => [
            name,
            typeof method === 'function'
                ? (...args: unknown[]) =>
                      Promise.resolve(method.apply(provider, args)).catch((error: unknown) => {
                          throw toReactAdminError(error);
                      })
                : method,
        ]),
    ) as DataProvider;

export const dataProvider = withApiErrors({
    ...graphqlProvider,
    create: (resource, params) => graphqlProvider.create(resource, { ...params, data: withFlatReferencesOnly(params.data) }),
    update: (resource, params) => graphqlProvider.update(resource, { ...params, data: withFlatReferencesOnly(params.data) }),
    updateMany: (resource, params) =>
        graphqlProvider.updateMany(resource, { ...params, data: withFlatReferencesOnly(params.data) }),
});
