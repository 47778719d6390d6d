import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { extraResolvers, reports, resources } from '../registry';
import { buildReportResolver } from '../core/report/graphql';
import { buildBulkResolver } from '../core/bulk/graphql';
import { buildReportsInfoResolver } from '../core/report/reports.resolver';
import { buildCrudResolver, withPlainListArgs } from '../core/crud/resolver';
import { AuthResolver } from '../auth/auth.resolver';
import { passCompiledThrough } from '../core/data/pass-through';

let schema: Promise<GraphQLSchema> | undefined;

/** The API schema; built once per process (type-graphql's metadata is global). */
export function apiSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: [AuthResolver, ...resources().map(buildCrudResolver), ...resources().flatMap((r) => buildBulkResolver(r) ?? []), buildReportResolver(reports), buildReportsInfoResolver(reports), ...extraResolvers] as never,
    validate: false,
  }).then((built) => withPlainListArgs(passCompiledThrough(built, resources().map((r) => r.name))));
  return schema;
}

/** The SDL committed as schema.graphql: sorted, so it changes only when the API does. */
export async function printApiSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await apiSchema())) + '\n';
}
