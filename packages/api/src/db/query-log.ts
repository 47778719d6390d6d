import { DefaultLogger, type LogContext, type LoggerOptions } from '@mikro-orm/core';

// Counts every SQL statement the process sends, so tests and benchmarks can show that a query's
// cost does not grow with the number of rows. DEBUG_SQL=1 also prints them.
let statements = 0;

export const sqlStatements = () => statements;

export class QueryCountingLogger extends DefaultLogger {
  constructor(options: LoggerOptions) {
    super({ ...options, debugMode: process.env.DEBUG_SQL ? ['query', 'query-params'] : options.debugMode });
  }

  override logQuery(context: { query: string } & LogContext): void {
    statements++;
    super.logQuery(context);
  }
}
