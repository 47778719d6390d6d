import { graphQLErrorsOf } from '../graphqlErrors';

/** What went wrong running or downloading a report, and the argument concerned when the API names one. */
export interface ReportError {
    message: string;
    field?: string;
    /** extensions.code: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND… */
    code?: string;
}

/** A GraphQL error (`extensions.field`) or a refused download (`{ message, field }` in the JSON body). */
export const reportErrorOf = (error: unknown): ReportError => {
    const first = graphQLErrorsOf(error)[0];
    if (first) return { message: first.message, field: first.extensions?.field, code: first.extensions?.code };
    const body = (error as { body?: { message?: string; field?: string; code?: string } } | undefined)?.body;
    const message = error instanceof Error ? error.message : (body?.message ?? String(error));
    return {
        message,
        field: typeof body?.field === 'string' ? body.field : undefined,
        code: typeof body?.code === 'string' ? body.code : undefined,
    };
};
