import { GraphQLError } from 'graphql';

/** Error codes the API promises to clients (DESIGN.md, API conventions). */
export type ErrorCode = 'BAD_USER_INPUT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'NOT_FOUND' | 'SERVICE_UNAVAILABLE' | 'TIMEOUT';

export interface FieldProblem {
  field: string;
  message: string;
  /** Machine-readable rule id, stable for scripts (e.g. ID_NUMBER_CHECK_DIGIT). */
  rule: string;
}

function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** One or more invalid fields; the first names `field`, all are listed in `problems`. */
export function badInput(problems: FieldProblem[]): GraphQLError {
  const [first] = problems;
  return apiError('BAD_USER_INPUT', first.message, { field: first.field, rule: first.rule, problems });
}

export function badField(field: string, message: string, rule: string): GraphQLError {
  return badInput([{ field, message, rule }]);
}

export function notFound(resource: string, id: string): GraphQLError {
  return apiError('NOT_FOUND', `找不到 ${resource} ${id}`, { resource, id });
}

/** Not there, or not within the caller's reach (answered alike, so neither is revealed). */
export function absent(message: string): GraphQLError {
  return apiError('NOT_FOUND', message);
}

export function conflict(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return apiError('CONFLICT', message, extensions);
}

export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return apiError('FORBIDDEN', message, extensions);
}

/** The account logged in with a one-time password and must set its own before anything else. */
export function passwordChangeRequired(): GraphQLError {
  return forbidden('请先修改初始密码（首次登录须设置自己的密码）', { rule: 'PASSWORD_CHANGE_REQUIRED', http: { status: 403 } });
}

/** A statement ran past its time limit and was cancelled; nothing was written. */
export function timedOut(message: string): GraphQLError {
  return apiError('TIMEOUT', message);
}

export function unauthenticated(message = '请先登录'): GraphQLError {
  return apiError('UNAUTHENTICATED', message);
}

const CLIENT_CODES = new Set<string>([
  'BAD_USER_INPUT', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'NOT_FOUND', 'SERVICE_UNAVAILABLE', 'TIMEOUT', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED',
  // raised by graphql-js / Apollo before any resolver runs: safe to show
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST',
]);

export function isClientError(code: unknown): boolean {
  return typeof code === 'string' && CLIENT_CODES.has(code);
}
