import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { ApolloServerOptions } from '@apollo/server';
import { documentMemo } from './document-memo';
import { markTexts } from './answer-texts';
import type { RequestContext } from './context';

type Gateway = Extract<ApolloServerOptions<never>, { gateway: unknown }>['gateway'];
type Compiled = CompiledQuery | ExecutionResult;

/** Compiled operations kept per document (Apollo hands the same parsed document for the same text). */
const PER_DOCUMENT = 20;

/**
 * Executes operations with graphql-jit: each operation of a document is compiled once into a
 * function that resolves and serializes its fields without graphql-js's per-field generic work.
 * Apollo's own pipeline (parsing, validation, limits, plugins, error formatting) is unchanged:
 * it is handed in through Apollo's gateway interface, whose executor replaces only `execute`.
 */
export function jitExecution(schema: GraphQLSchema): Gateway {
  const memo = documentMemo<Compiled>(PER_DOCUMENT);
  // An unknown operation name is answered by the compile as an error result, like execute's.
  const compiledFor = (document: DocumentNode, operationName: string | undefined): Compiled =>
    memo(document, operationName ?? '', () => compileQuery(schema, document, operationName));
  return {
    async load() {
      return {
        executor: async (request) => {
          const query = compiledFor(request.document, request.operationName ?? undefined);
          if (!isCompiledQuery(query)) return query as never;
          const variables = request.request.variables ?? {};
          const result = await query.query(undefined, request.context, variables);
          const ctx = request.context as Partial<RequestContext>;
          const texts = ctx.data?.takeTexts();
          if (texts && ctx.res) markTexts(result, texts, ctx.res);
          // Variables that do not fit (an answer without data) are answered with graphql-js's
          // errors, which name the variable (a node Apollo answers BAD_USER_INPUT for, with the
          // field); graphql-jit's do not. Checked only then, so good variables are coerced once.
          if (result.errors && !('data' in result)) {
            const coerced = getVariableValues(schema, request.operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
            if (coerced.errors) return { errors: coerced.errors } as never;
          }
          return (result.errors ? { ...result, errors: result.errors.map(plainError) } : result) as never;
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors have read-only messages, which Apollo's plugins may rewrite (graphql-armor
 * masks field suggestions): each becomes graphql-js's own error, with the same location, path,
 * extensions and original error.
 */
function plainError(e: GraphQLError): GraphQLError {
  const plain = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
  (plain as { locations?: GraphQLError['locations'] }).locations = e.locations;
  return plain;
}
