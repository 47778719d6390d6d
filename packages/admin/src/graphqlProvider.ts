import buildGraphQLProvider from 'ra-data-graphql-simple';
import { introspectSchema, type IntrospectionResult } from 'ra-data-graphql';
import { apolloClient } from './apolloClient';

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

/** ra-data-graphql-simple as is; dataProvider.ts adapts it to this API. */
export const graphqlProvider = buildGraphQLProvider({
    client: apolloClient,
    // Names the bulk mutations in the introspection (`delete<Plural>`…); dataProvider.ts sends them itself.
    bulkActionsEnabled: true,
    // Honoured at run time but missing from the Options type.
    ...({ resolveIntrospection: introspectWithRetry } as object),
    // react-admin keeps its own cache; Apollo's normalised cache would merge partial records (`{ id }` references).
    query: () => ({ fetchPolicy: 'no-cache' }),
    mutation: () => ({ fetchPolicy: 'no-cache' }),
});

/** The schema as ra-data-graphql read it (introspection is open without a token). */
export const getIntrospection = (): Promise<IntrospectionResult> => graphqlProvider.getIntrospection();
