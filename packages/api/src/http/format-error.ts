import { GraphQLError, parse, visit, type GraphQLFormattedError } from 'graphql';
import { isClientError } from '../core/errors';
import { tokenLimitError } from './limits';
import { isDatabaseUnavailable } from '../db/unavailable';
import { UNAVAILABLE_MESSAGE } from './unavailable';
import { timingRefusal } from '../core/crud/db-errors';

/**
 * Client errors keep their code and gain the field they concern (GraphQL's own argument and
 * variable errors name it only in the message); anything else becomes a bare internal error:
 * no SQL, no stack, only the request id to find it in the server log.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (e: unknown) => void): GraphQLFormattedError {
  // The database is down or restarting: the client may retry (the response is 503, see unavailable.ts).
  const originalError = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (isDatabaseUnavailable(originalError)) return { message: UNAVAILABLE_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } };
  // The parser's token limit (graphql-js words it as a syntax error): a limit, named as the others.
  const tokens = tokenLimitError(formatted.message);
  if (tokens) return { message: tokens.message, extensions: { ...tokens.extensions, http: undefined } };
  const extensions = { ...(formatted.extensions ?? {}) };
  delete extensions.stacktrace;
  // graphql-js stops coercing variables after 50 bad ones, with an error that has no code.
  if (formatted.message.startsWith('Too many errors processing variables')) {
    return { message: '变量中的错误过多，已停止检查；请先改正前面的错误', extensions: { code: 'BAD_USER_INPUT', rule: 'SCHEMA', field: 'variables' } };
  }
  // Apollo relabels every validation error; a limit keeps its own code.
  if (extensions.limit && extensions.code === 'GRAPHQL_VALIDATION_FAILED') extensions.code = 'QUERY_TOO_COMPLEX';
  const code = extensions.code;
  if (isClientError(code)) {
    if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_USER_INPUT') {
      const field = extensions.field ?? fieldOf(formatted.message, error);
      if (field) extensions.field = field;
      // Input that breaks the schema is bad input too; scripts need one code for it.
      if (code === 'GRAPHQL_VALIDATION_FAILED' && field) {
        extensions.code = 'BAD_USER_INPUT';
        extensions.rule = 'SCHEMA';
      }
    }
    return { ...formatted, extensions };
  }
  // A lost race for a lock, or a statement past its time limit, that no write path mapped.
  const retry = timingRefusal(originalError);
  if (retry) return { message: retry.message, locations: formatted.locations, path: formatted.path, extensions: retry.extensions };
  log(error);
  return { message: '服务器内部错误，请稍后再试', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

const PATTERNS = [
  /Variable "\$\w+" got invalid value .* at "(?:[\w]+\.)*?([\w]+)(?:\[\d+\])*"/s, // nested input field
  /argument "(\w+)" of type "[^"]+" is required/, // missing argument
  /Field "(\w+)" of required type "[^"]+" was not provided/, // missing input field
  /Variable "\$(\w+)"/, // variable
  /Unknown argument "(\w+)"/,
  /Field "(\w+)" is not defined by type/,
];

function fieldOf(message: string, error: unknown): string | undefined {
  for (const p of PATTERNS) {
    const m = p.exec(message);
    if (m) return m[1];
  }
  return error instanceof GraphQLError ? argumentAt(error) : undefined;
}

/** The argument or input field whose literal value the error points at. */
function argumentAt(error: GraphQLError): string | undefined {
  const offset = error.nodes?.[0]?.loc?.start;
  const body = error.source?.body;
  if (offset === undefined || !body) return undefined;
  let found: string | undefined;
  try {
    visit(parse(body), {
      enter(node) {
        if ((node.kind === 'Argument' || node.kind === 'ObjectField') && node.value.loc) {
          if (node.value.loc.start <= offset && offset < node.value.loc.end) found = node.name.value;
        }
      },
    });
  } catch {
    return undefined;
  }
  return found;
}
