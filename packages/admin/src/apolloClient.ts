import { ApolloClient, HttpLink, InMemoryCache, from } from '@apollo/client';
import { setContext } from '@apollo/client/link/context';
import { GRAPHQL_PATH } from './graphqlEndpoint';
import { getToken } from './token';

// Read the token on every request, so login and logout take effect without rebuilding the client.
const bearerLink = setContext((_operation, { headers }) => {
    const token = getToken();
    return { headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) } };
});

export const apolloClient = new ApolloClient({
    link: from([bearerLink, new HttpLink({ uri: GRAPHQL_PATH })]),
    cache: new InMemoryCache(),
});
