// Same origin as the admin: Vite proxies it in dev, the API serves the admin in production.
export const GRAPHQL_PATH = '/graphql';
