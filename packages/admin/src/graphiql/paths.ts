/** The admin's route of the GraphQL explorer (the same explorer is at /graphiql on its own). */
export const EXPLORER_PATH = '/graphql-explorer';
