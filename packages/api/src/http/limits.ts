import type express from 'express';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  getNamedType, getNullableType, GraphQLError, isLeafType, isListType, Lexer, Source, TokenKind,
  type DocumentNode, type GraphQLSchema, type ValidationContext,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { positive } from '../config';
import { documentMemo } from './document-memo';

/**
 * What one GraphQL request may ask for, so no request can take the server down (a 22-level
 * nesting, 1,000 aliases of a 1,000-row list, 20,000 directives, a 99 MB body): refused before
 * it runs, in milliseconds, as QUERY_TOO_COMPLEX naming the limit. Depth, aliases and directives
 * are graphql-armor's validation rules; tokens are graphql-js's parser limit; cost is
 * graphql-query-complexity's, with our estimate of rows (a list costs its page size times what
 * it nests). A request without a token may only log in and introspect (require-auth.ts), under
 * tighter limits still.
 */
export interface QueryLimits {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
  cost: number;
  bodyBytes: number;
  anonymousTokens: number;
  anonymousBodyBytes: number;
}

/** A positive whole number from a setting, else the default. */
export const int = (v: string | undefined, fallback: number) => Math.floor(positive(v, fallback));

export function readQueryLimits(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  return {
    depth: int(env.GRAPHQL_MAX_DEPTH, 12),
    aliases: int(env.GRAPHQL_MAX_ALIASES, 30),
    directives: int(env.GRAPHQL_MAX_DIRECTIVES, 20),
    tokens: int(env.GRAPHQL_MAX_TOKENS, 5000),
    cost: int(env.GRAPHQL_MAX_COST, 50_000),
    bodyBytes: int(env.GRAPHQL_MAX_BODY_BYTES, 1024 * 1024),
    anonymousTokens: int(env.GRAPHQL_ANONYMOUS_MAX_TOKENS, 1000),
    anonymousBodyBytes: int(env.GRAPHQL_ANONYMOUS_MAX_BODY_BYTES, 16 * 1024),
  };
}

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

function tooComplex(limit: string, max: number, message: string, found?: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: QUERY_TOO_COMPLEX, limit, max, ...(found !== undefined ? { found } : {}), http: { status: 400 } } });
}

/** graphql-armor's depth, alias and directive rules, reporting our code and the limit by name. */
export function armorRules(limits: QueryLimits) {
  const report = (limit: string, max: number, label: string) => ({
    propagateOnRejection: false,
    onReject: [(ctx: ValidationContext | null) => ctx?.reportError(tooComplex(limit, max, `查询过于复杂：${label}不能超过 ${max}`))],
  });
  const armor = new ApolloArmor({
    maxDepth: { n: limits.depth, ...report('depth', limits.depth, '嵌套层数') },
    maxAliases: { n: limits.aliases, ...report('aliases', limits.aliases, '别名数') },
    maxDirectives: { n: limits.directives, ...report('directives', limits.directives, '指令数') },
    // Cost needs the variables (a page size may be one): the plugin below. Tokens: the parser's limit.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  });
  return armor.protect();
}

/** The parser's token limit as our error (graphql-js 16 says "Document contains more that N tokens"). */
export function tokenLimitError(message: string): GraphQLError | null {
  const m = /contains more th(?:an|at) (\d+) tokens/.exec(message);
  return m ? tooComplex('tokens', Number(m[1]), `查询过长：词元数不能超过 ${m[1]}`) : null;
}

/** What the cost estimate knows of the data, as the resources declare it. */
export interface RowEstimates {
  /** Rows a parent's nested list typically has (a school's students), by `Type.field`. */
  nested(type: string, field: string): number | undefined;
  /** Rows of a resource a county typically has (one bureau, a few hundred schools). */
  typical(resource: string): number | undefined;
  isResource(type: string): boolean;
}

const NESTED_DEFAULT = 20;

/**
 * Rows a field may produce:
 * - a list query costs its page size (`perPage`, else the ids asked for, else the rows a county
 *   typically has, at most the largest page) times one plus what each row nests;
 * - a nested list of records costs what its parent typically has (declared), times the same;
 * - a list of values kept in the row (a student's categories, a report's rows) costs as one object;
 * - an object costs one plus what it nests; scalars and introspection cost nothing.
 */
export function rowEstimator(maxPage: number, rows: RowEstimates): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
    const element = getNamedType(field.type);
    if (isLeafType(element)) return 0;
    if (!isListType(getNullableType(field.type))) return 1 + childComplexity;
    const ids = (args.filter as { ids?: unknown[] } | undefined)?.ids;
    const paged = field.args.some((a) => a.name === 'perPage');
    let count: number;
    if (typeof args.perPage === 'number') count = args.perPage;
    else if (Array.isArray(ids)) count = ids.length;
    else if (paged) count = Math.min(maxPage, rows.typical(element.name) ?? maxPage);
    else if (rows.isResource(element.name)) count = rows.nested(type.name, field.name) ?? NESTED_DEFAULT;
    else return 1 + childComplexity;
    return count * (1 + childComplexity);
  };
}

/** The cost check, once variables are known. */
export function costPlugin(limits: QueryLimits, maxPage: number, rows: RowEstimates): ApolloServerPlugin {
  const estimators = [rowEstimator(maxPage, rows)];
  // A query or a write is sent again and again: its cost is worked out once per document, operation
  // and shape of its variables. Only the shape counts (a page's size, how many ids, a flag), not
  // the text of a string, so every care check of the same form shares one. Only a cost worked out
  // is kept: variables that do not fit their types (an unknown enum value) are not the shape's answer.
  const memo = documentMemo<number>(COSTS_PER_DOCUMENT);
  const costOf = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined) => {
    try {
      return memo(document, `${operationName ?? ''}\u0000${JSON.stringify(variables, blankStrings)}`, () =>
        getComplexity({ schema, query: document, variables, operationName, estimators }),
      );
    } catch {
      return undefined; // GraphQL's own checks answer variables that do not fit their types
    }
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const cost = costOf(schema, document, request.variables ?? {}, operationName ?? undefined);
          if (cost !== undefined && cost > limits.cost) {
            throw tooComplex('cost', limits.cost, `查询过于复杂：预计读取约 ${cost} 行，上限 ${limits.cost} 行；请减少每页条数（perPage）或嵌套的列表`, cost);
          }
        },
      };
    },
  };
}

/** A variable's shape for the cost: every string the same (the estimators count rows, never read text). */
const blankStrings = (_key: string, value: unknown) => (typeof value === 'string' ? '' : value);

/** Costs kept per document (one per shape of variables), so a script varying them cannot grow memory without end. */
const COSTS_PER_DOCUMENT = 100;

/**
 * Before the body is even parsed: a request without a token gets a small body and few tokens
 * (enough to log in and introspect), one with a token the normal body limit. A token is
 * recognised by its presence here; an invalid one is refused once the context is built.
 */
export function bodyLimits(limits: QueryLimits, json: (limit: number) => express.RequestHandler): express.RequestHandler {
  const signedIn = json(limits.bodyBytes);
  const anonymous = json(limits.anonymousBodyBytes);
  return (req, res, next) => {
    const limit = req.headers.authorization ? limits.bodyBytes : limits.anonymousBodyBytes;
    // An announced size over the limit is answered at once and the connection closed: the JSON
    // parser would read (and throw away) the whole body first.
    if (Number(req.headers['content-length']) > limit) {
      res.setHeader('Connection', 'close');
      const { message, ...extensions } = payloadTooLarge(limit);
      // The body is read and thrown away so the client can finish sending and read the answer (left
      // unread, a busy machine's socket buffers fill and the client never gets to it); the connection
      // is cut once it has all come, or after a few seconds whatever a client keeps sending.
      req.resume();
      res.status(413).json({ errors: [{ message, extensions }] });
      const cut = () => req.socket.destroy();
      res.on('finish', () => {
        if (req.complete) return setTimeout(cut, 100).unref();
        req.once('end', () => setTimeout(cut, 100).unref());
        setTimeout(cut, 5000).unref();
      });
      return;
    }
    if (req.headers.authorization) return signedIn(req, res, next);
    anonymous(req, res, (err?: unknown) => {
      if (err) return next(err);
      const query = (req.body as { query?: unknown } | undefined)?.query;
      if (typeof query === 'string' && tokensExceed(query, limits.anonymousTokens)) {
        const error = tooComplex('tokens', limits.anonymousTokens, `未登录时查询不能超过 ${limits.anonymousTokens} 个词元`);
        return void res.status(400).json({ errors: [{ message: error.message, extensions: { ...error.extensions, http: undefined } }] });
      }
      next();
    });
  };
}

/** A body over the limit, answered alike whether its length was declared (here) or found while reading (json-errors.ts). */
export function payloadTooLarge(max: number) {
  return { message: `请求体过大：最多 ${max} 字节（文件请用 POST /files 上传）`, code: 'PAYLOAD_TOO_LARGE', max };
}

/** Whether a document has more than `max` tokens (stops reading at max + 1). */
function tokensExceed(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  try {
    for (let n = 0; n <= max; n++) if (lexer.advance().kind === TokenKind.EOF) return false;
  } catch {
    return false; // a syntax error: the parser answers it
  }
  return true;
}
