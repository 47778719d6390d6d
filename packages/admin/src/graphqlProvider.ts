import buildGraphQLProvider from 'ra-data-graphql-simple';
import { introspectSchema, type IntrospectionResult } from 'ra-data-graphql';
import { apolloClient } from './apolloClient';

const ATTEMPTS = 3;

/**
 * The schema comes with the build (vite.config.ts: a lazily loaded, hashed chunk), not from an
 * introspection query. ra-data-graphql caches the promise forever, so a failed first load (a
 * dropped connection on a village road) would break the app until reload: retry a few times.
 */
const bundledIntrospection: typeof introspectSchema = async (client, options) => {
    for (let attempt = 1; ; attempt++) {
        try {
            const { default: schema } = await import('virtual:jiafang-introspection');
            return await introspectSchema(client, { ...options, schema });
        } catch (error) {
            if (attempt >= ATTEMPTS) throw error;
            await new Promise(resolve => setTimeout(resolve, 1000 * attempt));
        }
    }
};

/** ra-data-graphql-simple as is; dataProvider.ts adapts it to this API. */
export const graphqlProvider = buildGraphQLProvider({
    client: apolloClient,
    // Names the bulk mutations in the introspection (`delete<Plural>`…); dataProvider.ts sends them itself.
    bulkActionsEnabled: true,
    // Honoured at run time but missing from the Options type.
    ...({ resolveIntrospection: bundledIntrospection } as object),
    // react-admin keeps its own cache; Apollo's normalised cache would merge partial records (`{ id }` references).
    query: () => ({ fetchPolicy: 'no-cache' }),
    mutation: () => ({ fetchPolicy: 'no-cache' }),
});

/** The schema as ra-data-graphql read it (from the build, loaded after login). */
export const getIntrospection = (): Promise<IntrospectionResult> => graphqlProvider.getIntrospection();
