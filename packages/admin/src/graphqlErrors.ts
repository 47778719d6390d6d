import { HttpError } from 'react-admin';

/** The part of a GraphQL error the API contract defines. */
export interface ApiGraphQLError {
    message: string;
    extensions?: {
        code?: string;
        field?: string;
        rule?: string;
        problems?: { field?: string; rule?: string; message: string }[];
    };
}

const STATUS_BY_CODE: Record<string, number> = {
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    CONFLICT: 409,
    BAD_USER_INPUT: 400,
};

type Loose = Record<string, unknown> | undefined;

const asArray = (value: unknown): ApiGraphQLError[] =>
    Array.isArray(value) ? (value as ApiGraphQLError[]) : [];

/**
 * GraphQL errors hide in different places: an ApolloError (graphQLErrors), its
 * networkError on a non-2xx reply (result.errors), or the body of the HttpError
 * ra-data-graphql wraps them in.
 */
export const graphQLErrorsOf = (error: unknown): ApiGraphQLError[] => {
    const e = error as Loose;
    if (!e) return [];
    const network = e.networkError as Loose;
    const networkResult = network?.result as Loose;
    return [
        ...asArray(e.graphQLErrors),
        ...asArray(networkResult?.errors),
        ...(e.body && typeof e.body === 'object' ? graphQLErrorsOf(e.body) : []),
    ];
};

export const errorCodesOf = (error: unknown): string[] =>
    graphQLErrorsOf(error).flatMap(e => (e.extensions?.code ? [e.extensions.code] : []));

export const httpStatusOf = (error: unknown): number | undefined => {
    const e = error as Loose;
    const network = e?.networkError as Loose;
    const status = e?.status ?? network?.statusCode;
    return typeof status === 'number' ? status : undefined;
};

/** Every field problem of a BAD_USER_INPUT reply: `extensions.field` and each of `extensions.problems`. */
const fieldProblemsOf = (errors: ApiGraphQLError[]): [string, string][] =>
    errors.flatMap(e => {
        if (e.extensions?.code !== 'BAD_USER_INPUT') return [];
        const own: [string, string][] = e.extensions.field ? [[e.extensions.field, e.message]] : [];
        const listed = (e.extensions.problems ?? []).flatMap((p): [string, string][] => (p.field ? [[p.field, p.message]] : []));
        return [...own, ...listed];
    });

/** The message a user reads: a stale version gets the admin's own sentence (i18n key). */
const messageOf = (error: ApiGraphQLError): string =>
    error.extensions?.code === 'CONFLICT' && error.extensions.rule === 'STALE_VERSION'
        ? 'jiafang.error.stale_version'
        : error.message;

/**
 * Turns a data provider failure into an HttpError react-admin understands:
 * a status from extensions.code, and BAD_USER_INPUT as body.errors so forms
 * show the message next to the field (server-side validation).
 */
export const toReactAdminError = (error: unknown): unknown => {
    const errors = graphQLErrorsOf(error);
    const first = errors[0];
    if (!first) return error;
    const code = first.extensions?.code ?? '';
    const status = STATUS_BY_CODE[code] ?? httpStatusOf(error) ?? 500;
    const fieldErrors = Object.fromEntries(fieldProblemsOf(errors));
    const message = messageOf(first);
    const body = Object.keys(fieldErrors).length
        ? { errors: { ...fieldErrors, root: { serverError: message } }, graphQLErrors: errors }
        : { graphQLErrors: errors };
    return new HttpError(message, status, body);
};
