import { onlineManager, QueryClient } from '@tanstack/react-query';
import type { RaRecord } from 'react-admin';
import { retryWrites } from './offline/outbox';

/** react-admin's cache, shared with the data provider (a list's references arrive with the list). */
export const queryClient = new QueryClient();
retryWrites(queryClient);
// react-query assumes a network until the browser says otherwise by an event: an app opened
// with none must know at once, so writes wait in the outbox instead of failing.
if (typeof navigator !== 'undefined' && !navigator.onLine) onlineManager.setOnline(false);

/** Long enough for a page or a cell to mount on what was read ahead instead of asking again. */
export const FRESH_MS = 5000;

/**
 * Records read along with a list, under the key a reference cell asks for (`getMany` of its one
 * id): the cells render with the list instead of a second round trip. Marked fresh for a moment
 * the way react-admin's own `meta.prefetched` does; after that they refetch as usual.
 */
export const primeReferences = (prefetched: ReadonlyMap<string, readonly RaRecord[]>): void => {
    const updatedAt = Date.now() + FRESH_MS;
    for (const [resource, records] of prefetched) {
        for (const record of records) {
            queryClient.setQueryData([resource, 'getMany', { ids: [String(record.id)] }], [record], { updatedAt });
        }
    }
};
