import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// What /metrics exposes to Prometheus. One registry per process; labels are bounded sets (routes,
// error codes, operation names capped below), never a user, an id or a value.

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'jiafang_' }); // CPU, memory, GC, event-loop lag

export const httpDuration = new Histogram({
  name: 'jiafang_http_request_duration_seconds',
  help: 'HTTP requests by route kind, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const operationDuration = new Histogram({
  name: 'jiafang_graphql_operation_duration_seconds',
  help: 'GraphQL operations by operation name and type',
  labelNames: ['operation', 'type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const errorsByCode = new Counter({
  name: 'jiafang_errors_total',
  help: 'Errors answered, by extensions.code (GraphQL and downloads)',
  labelNames: ['code'] as const,
  registers: [registry],
});

export const bulkRows = new Counter({
  name: 'jiafang_bulk_rows_written_total',
  help: 'Rows written by bulk writes and imports, by resource and outcome',
  labelNames: ['resource', 'outcome'] as const,
  registers: [registry],
});

const MAX_OPERATIONS = 200;
const operations = new Set<string>();

/** A client-chosen operation name as a label: well-formed and among the first 200 seen, else "other". */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return '(anonymous)';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
  if (operations.has(name)) return name;
  if (operations.size >= MAX_OPERATIONS) return 'other';
  operations.add(name);
  return name;
}

/** The route kind of a path: its first segment when it is one of ours, else the admin's pages. */
export function routeLabel(path: string): string {
  const first = /^\/([a-z]+)/.exec(path)?.[1] ?? '';
  return ['graphql', 'graphiql', 'export', 'import', 'files', 'reports', 'forms', 'healthz', 'readyz', 'metrics'].includes(first) ? `/${first}` : first === 'assets' ? '/assets' : 'admin';
}
