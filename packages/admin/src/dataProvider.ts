import { gql } from '@apollo/client';
import type { IntrospectionField } from 'graphql';
import type { DataProvider, RaRecord } from 'react-admin';
import { apolloClient } from './apolloClient';
import { namedTypeOf, type SchemaIndex } from './auto/introspection';
import { createWrapperOf } from './auto/model';
import { postFile } from './fileUpload';
import { prefetchesOf, sparseFieldsWith, splitPrefetched } from './auto/prefetch';
import { recordFields, recordSelection, typeText } from './auto/selection';
import { toReactAdminError } from './graphqlErrors';
import { graphqlProvider } from './graphqlProvider';
import { primeReferences } from './queryClient';
import { loadSchemaIndex } from './schemaIndex';
import { changedArguments, givenArguments } from './writeData';
import { keyedContext } from './offline/writeKey';

type Data = Record<string, unknown>;

/** Runs one operation built here (the bulk and workflow mutations, work queues). */
const request = async <T>(kind: 'query' | 'mutation', operation: IntrospectionField, variables: Data, selection = '', writeKey?: string): Promise<T> => {
    const given = operation.args.filter(arg => variables[arg.name] !== undefined);
    const definitions = given.map(arg => `$${arg.name}: ${typeText(arg.type)}`).join(', ');
    const args = given.map(arg => `${arg.name}: $${arg.name}`).join(', ');
    const text = `${kind} ${operation.name}${definitions ? `(${definitions})` : ''} { result: ${operation.name}${args ? `(${args})` : ''} ${selection} }`;
    const options = { variables, fetchPolicy: 'no-cache' as const };
    const { data } =
        kind === 'query'
            ? await apolloClient.query({ query: gql(text), ...options })
            : await apolloClient.mutate({ mutation: gql(text), ...options, context: keyedContext(writeKey) });
    return (data as { result: T }).result;
};

const mutationNamed = (schema: SchemaIndex, name: string | undefined): IntrospectionField => {
    const mutation = name ? schema.mutations.get(name) : undefined;
    if (!mutation) throw new Error(`The API has no mutation ${name}`);
    return mutation;
};

const argumentNames = (operation: IntrospectionField | undefined) => new Set((operation?.args ?? []).map(a => a.name));

/** Fetch only the record's own fields: child lists (a school's students…) would load whole tables. */
const withSelection = async <P extends { meta?: Data }>(resource: string, params: P): Promise<P> => {
    if (params.meta?.sparseFields) return params;
    const fields = recordFields(await loadSchemaIndex(), resource);
    return fields.length ? { ...params, meta: { ...params.meta, sparseFields: fields } } : params;
};

/** ids answered by a bulk mutation: `[ID!]!` or an object with `ids`. */
const bulkSelection = (mutation: IntrospectionField) => (namedTypeOf(mutation.type).kind === 'OBJECT' ? '{ ids }' : '');

/** The write's Idempotency-Key, which the forms put in `meta` (and so in the outbox with it). */
const keyOf = (meta: Data | undefined): string | undefined => (typeof meta?.writeKey === 'string' ? meta.writeKey : undefined);

/**
 * A list page reads the records its reference columns name in the same query (`meta.prefetch`:
 * the columns' sources, from AutoList) and hands them to the cache, so the cells need no second
 * round trip.
 */
const getList: DataProvider['getList'] = async (resource, params) => {
    const { prefetch, ...meta } = (params.meta ?? {}) as Data & { prefetch?: string[] };
    const schema = await loadSchemaIndex();
    const prefetches = prefetch?.length ? prefetchesOf(schema, resource, prefetch) : [];
    if (!prefetches.length) return graphqlProvider.getList(resource, await withSelection(resource, { ...params, meta }));
    const sparseFields = sparseFieldsWith(schema, recordFields(schema, resource), prefetches);
    const result = await graphqlProvider.getList(resource, { ...params, meta: { ...meta, sparseFields } });
    const { records, prefetched } = splitPrefetched(result.data, prefetches);
    primeReferences(prefetched);
    return { ...result, data: records as never };
};

const adapted: DataProvider = {
    ...graphqlProvider,
    getList,
    getOne: async (resource, params) => graphqlProvider.getOne(resource, await withSelection(resource, params)),
    getMany: async (resource, params) => graphqlProvider.getMany(resource, await withSelection(resource, params)),
    getManyReference: async (resource, params) =>
        graphqlProvider.getManyReference(resource, await withSelection(resource, params)),

    create: async (resource, params) => {
        const schema = await loadSchemaIndex();
        const schemaResource = schema.resourcesByName.get(resource);
        const operation = schemaResource?.operations.CREATE;
        const data = givenArguments(params.data, argumentNames(operation));
        const wrapper = schemaResource && createWrapperOf(schemaResource, schema);
        const writeKey = keyOf(params.meta);
        if (operation && !wrapper && writeKey) {
            return { data: await request<RaRecord>('mutation', operation, data, recordSelection(schema, resource), writeKey) } as never;
        }
        if (!operation || !wrapper) {
            return graphqlProvider.create(resource, await withSelection(resource, { ...params, data }));
        }
        // createApiToken answers { apiToken, token }: the record plus what is shown only once.
        const extras = wrapper.extras.map(f => f.name);
        const selection = `{ ${wrapper.recordField} ${recordSelection(schema, resource)} ${extras.join(' ')} }`;
        const result = await request<Data>('mutation', operation, data, selection, writeKey);
        const record = result[wrapper.recordField] as RaRecord;
        return { data: { ...record, oneTimeValues: Object.fromEntries(extras.map(name => [name, result[name]])) } } as never;
    },

    update: async (resource, params) => {
        const schema = await loadSchemaIndex();
        const operation = schema.resourcesByName.get(resource)?.operations.UPDATE;
        const names = argumentNames(operation);
        const data = changedArguments(params.data, params.previousData, names);
        // The version the editor saw: a record changed since is refused (CONFLICT), not overwritten.
        const version = params.previousData?.version;
        if (names.has('version') && version != null) data.version = version;
        const writeKey = keyOf(params.meta);
        if (operation && writeKey) {
            return { data: await request<RaRecord>('mutation', operation, { id: params.id, ...data }, recordSelection(schema, resource), writeKey) } as never;
        }
        return graphqlProvider.update(resource, await withSelection(resource, { ...params, data }));
    },

    deleteMany: async (resource, params) => {
        const schema = await loadSchemaIndex();
        const mutation = mutationNamed(schema, schema.resourcesByName.get(resource)?.operations.DELETE_MANY?.name);
        const result = await request<unknown>('mutation', mutation, { ids: params.ids }, bulkSelection(mutation));
        return { data: Array.isArray(result) ? result : (result as { ids: string[] }).ids } as never;
    },

    updateMany: async (resource, params) => {
        const schema = await loadSchemaIndex();
        const mutation = mutationNamed(schema, schema.resourcesByName.get(resource)?.operations.UPDATE_MANY?.name);
        const patchArg = mutation.args.find(a => a.name === 'data');
        const patch = patchArg && schema.typesByName.get(namedTypeOf(patchArg.type).name);
        const allowed = new Set(patch?.kind === 'INPUT_OBJECT' ? patch.inputFields.map(f => f.name) : []);
        const data = givenArguments(params.data, allowed);
        const result = await request<unknown>('mutation', mutation, { ids: params.ids, data }, bulkSelection(mutation));
        return { data: Array.isArray(result) ? result : (result as { ids: string[] }).ids } as never;
    },
};

/** The admin's own calls, beside react-admin's: they go through useDataProvider so errors log out alike. */
const extensions = {
    /** A workflow step (`departVisit(id, version)`, a case's `close…(category, note)`) with the version the user saw. */
    runAction: async (resource: string, params: { mutation: string; id: string; version?: number; args: Data; writeKey?: string }) => {
        const schema = await loadSchemaIndex();
        const mutation = mutationNamed(schema, params.mutation);
        const names = argumentNames(mutation);
        const variables: Data = { id: params.id, ...givenArguments(params.args, names) };
        if (names.has('version') && params.version != null) variables.version = params.version;
        const data = await request<RaRecord>('mutation', mutation, variables, recordSelection(schema, resource), params.writeKey);
        return { data };
    },

    /** A file streamed to `POST /files` with its fields (`kind`, `visitId`…), never base64 in GraphQL. */
    upload: async (_resource: string, params: { fields: Record<string, string>; file: File; onProgress?: (fraction: number) => void; writeKey?: string }) => {
        const data = await postFile(params.fields, params.file, params.onProgress, params.writeKey);
        return { data };
    },

    /** A query the admin wrote from metadata (the reports): its text and variables, answered as `data`. */
    runQuery: async <T>(params: { text: string; variables?: Data }) => {
        const { data } = await apolloClient.query({ query: gql(params.text), variables: params.variables ?? {}, fetchPolicy: 'no-cache' });
        return { data: data as T };
    },

    /** A mutation the admin wrote from metadata (a report list's row action), answered as `data`. */
    runMutation: async <T>(params: { text: string; variables?: Data }) => {
        const { data } = await apolloClient.mutate({ mutation: gql(params.text), variables: params.variables ?? {} });
        return { data: data as T };
    },

    /** A query answering records with no required argument (`overdueVisits`). */
    workQueue: async (resource: string, params: { query: string }) => {
        const schema = await loadSchemaIndex();
        const query = schema.queries.get(params.query);
        if (!query) throw new Error(`The API has no query ${params.query}`);
        const data = await request<RaRecord[]>('query', query, {}, recordSelection(schema, resource));
        return { data };
    },
};

export type AdminDataProvider = DataProvider & typeof extensions;

const withApiErrors = <T extends object>(provider: T): T =>
    Object.fromEntries(
        Object.entries(provider).map(([name, method]) => [
            name,
            typeof method === 'function'
                ? (...args: unknown[]) =>
                      Promise.resolve(method.apply(provider, args)).catch((error: unknown) => {
                          throw toReactAdminError(error);
                      })
                : method,
        ]),
    ) as T;

export const dataProvider: AdminDataProvider = withApiErrors({ ...adapted, ...extensions });
