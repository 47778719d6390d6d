import { HttpError } from 'react-admin';
import type { ApiGraphQLError } from './graphqlErrors';
import { GRAPHQL_PATH } from './graphqlEndpoint';
import { getToken } from './token';

interface GraphQLResponse<T> {
    data?: T | null;
    errors?: ApiGraphQLError[];
}

/** Plain fetch for the few calls made outside the data provider (login, me). */
export const graphqlFetch = async <T>(query: string, variables: Record<string, unknown> = {}, token = getToken()): Promise<T> => {
    const response = await fetch(GRAPHQL_PATH, {
        method: 'POST',
        headers: {
            'Content-Type': 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json().catch(() => ({}))) as GraphQLResponse<T>;
    const errors = result.errors ?? [];
    if (errors.length || !response.ok || !result.data) {
        const message = errors[0]?.message ?? response.statusText ?? 'GraphQL request failed';
        throw new HttpError(message, response.status, { graphQLErrors: errors });
    }
    return result.data;
};
