import { onlineManager, type QueryClient } from '@tanstack/react-query';
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import type { PersistedClient } from '@tanstack/react-query-persist-client';
import type { DataProvider } from 'react-admin';
import { graphQLErrorsOf, httpStatusOf } from '../graphqlErrors';

/**
 * The outbox: writes made without a network wait in react-query's mutation cache (paused), are
 * kept in the device's storage with the form's Idempotency-Key, and are sent when the network
 * returns, in this tab or after the page was closed and opened again. Only writes are kept,
 * never the records read: a lost phone holds no lists of children.
 */

/** The writes of react-admin's hooks, and the admin's workflow steps (`runAction`). */
const WRITES = ['create', 'update', 'delete', 'runAction'] as const;

type Variables = { resource: string } & Record<string, unknown>;

/**
 * The function each kept write runs with once restored (the component that started it is gone).
 * react-admin's addOfflineSupportToQueryClient registers these too, but calls the data provider
 * with the mutation's variables spread as arguments, while its own hooks pass one object
 * ({ resource, ...params }): a restored write would throw. So: the same defaults, with the call
 * its hooks make.
 */
export const addResumableWrites = (queryClient: QueryClient, dataProvider: DataProvider, resources: string[]): void => {
    for (const resource of resources) {
        for (const write of WRITES) {
            queryClient.setMutationDefaults([resource, write], {
                mutationFn: async ({ resource: name, ...params }: Variables) => {
                    const method = (dataProvider as unknown as Record<string, (r: string, p: unknown) => Promise<{ data: unknown }>>)[write];
                    return (await method.call(dataProvider, name, params)).data;
                },
            });
        }
    }
};

/** A failure worth sending again: no answer at all, or a proxy or the database unreachable for a moment. */
export const isRetryable = (error: unknown): boolean => {
    if (graphQLErrorsOf(error).some(e => e.extensions?.code && e.extensions.code !== 'SERVICE_UNAVAILABLE')) return false;
    const status = httpStatusOf(error);
    if (status === undefined) return isNetworkFailure(error);
    // An upload's XMLHttpRequest that got no answer at all.
    if (status === 0) return true;
    return status === 502 || status === 503 || status === 504;
};

/** fetch's own failures (Chromium, Firefox, Safari) and Apollo's wrapping of them. */
const isNetworkFailure = (error: unknown): boolean => {
    const e = error as { name?: string; message?: string; networkError?: unknown } | null;
    if (!e) return false;
    if (e.networkError) return isNetworkFailure(e.networkError) || httpStatusOf(e) === undefined;
    return e.name === 'TypeError' && /fetch|network|load failed/i.test(e.message ?? '');
};

/**
 * Writes that failed for want of a network are sent again (with their key, so never twice), with a
 * growing pause up to 30 s; while the browser knows it is offline they wait without trying.
 */
export const retryWrites = (queryClient: QueryClient): void => {
    queryClient.setDefaultOptions({
        ...queryClient.getDefaultOptions(),
        mutations: {
            ...queryClient.getDefaultOptions().mutations,
            retry: (_failures, error) => isRetryable(error),
            retryDelay: failures => Math.min(1000 * 2 ** failures, 30_000),
        },
    });
};

const STORAGE_PREFIX = 'jiafang.outbox.';

/**
 * Every kept write is stored as paused: one sent when the page closed may or may not have arrived,
 * and its key makes sending it again safe.
 */
const serialize = (client: PersistedClient): string =>
    JSON.stringify({
        ...client,
        clientState: {
            ...client.clientState,
            mutations: client.clientState.mutations.map(m => ({ ...m, state: { ...m.state, isPaused: true } })),
        },
    });

/** The user's outbox in localStorage, written at once (a teacher may close the page right after 保存). */
export const outboxPersister = (userId: string) =>
    createAsyncStoragePersister({ storage: window.localStorage, key: `${STORAGE_PREFIX}${userId}`, throttleTime: 0, serialize });

export const OUTBOX_OPTIONS = {
    // A week on the road without a network is the most a write waits.
    maxAge: 7 * 24 * 3600_000,
    buster: 'outbox-1',
    dehydrateOptions: {
        shouldDehydrateQuery: () => false,
        shouldDehydrateMutation: (m: { state: { status: string } }) => m.state.status === 'pending',
    },
};

/** Sends what the outbox holds (after it was restored, or when the network returns). */
export const sendOutbox = (queryClient: QueryClient): void => {
    if (onlineManager.isOnline()) void queryClient.resumePausedMutations();
};
