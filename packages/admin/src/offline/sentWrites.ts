import type { QueryClient } from '@tanstack/react-query';
import { dropDraftsOnSave } from './drafts';

// Restored writes may reach the server before any screen is up (the outbox is sent as soon as it
// is read back): their count waits here until the layout can tell the user.
const PAGE_LOADED_AT = Date.now();
let unannounced = 0;
let announce: ((count: number) => void) | undefined;

/** Counts writes accepted after waiting on the device (the outbox's, and queued photos'). */
export const sent = (count: number) => {
    unannounced += count;
    if (announce && unannounced) {
        announce(unannounced);
        unannounced = 0;
    }
};

/** Tells `listener` of writes that waited on this device and have now been accepted. */
export const onSentWrites = (listener: (count: number) => void): (() => void) => {
    announce = listener;
    sent(0);
    return () => {
        if (announce === listener) announce = undefined;
    };
};

/**
 * Watches the outbox from before it is restored: drafts end with their save, and writes that
 * waited (paused, sent again after a failure, or kept from an earlier page) are counted when
 * accepted, with their resource's lists read again.
 */
export const trackOutbox = (queryClient: QueryClient): (() => void) => {
    const stopDrafts = dropDraftsOnSave(queryClient);
    const waited = new Set<number>();
    const stop = queryClient.getMutationCache().subscribe(event => {
        const m = event.mutation;
        if (!m || (event.type !== 'updated' && event.type !== 'added')) return;
        if (m.state.isPaused || m.state.failureCount > 0 || m.state.submittedAt < PAGE_LOADED_AT) waited.add(m.mutationId);
        if (m.state.status !== 'success' || !waited.delete(m.mutationId)) return;
        const resource = (m.state.variables as { resource?: string } | undefined)?.resource;
        if (resource) void queryClient.invalidateQueries({ queryKey: [resource] });
        sent(1);
    });
    return () => {
        stopDrafts();
        stop();
    };
};
