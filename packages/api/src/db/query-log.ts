// Counts every SQL statement the process sends, so tests and benchmarks can show that a query's
// cost does not grow with the number of rows (DEBUG_SQL=1 prints the ORM's statements).
let statements = 0;

export const sqlStatements = () => statements;

/** A statement sent past knex (a COPY). */
export const countStatement = () => void statements++;

/** Counts what goes through knex: the ORM's statements and the raw ones alike, transactions included. */
export function countQueriesOf(knex: { client: { on(event: 'query', listener: () => void): unknown } }): void {
  knex.client.on('query', countStatement);
}
