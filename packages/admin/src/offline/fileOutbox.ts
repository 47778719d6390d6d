import { onlineManager } from '@tanstack/react-query';
import { createStore, del, entries, set } from 'idb-keyval';
import type { RaRecord } from 'react-admin';
import { postFile } from '../fileUpload';
import { getToken, userOfToken } from '../token';
import { isRetryable } from './outbox';

/**
 * Photos taken with no network: kept in the phone's IndexedDB (which holds files; localStorage
 * does not) with their form fields and their Idempotency-Key, and sent when the network returns,
 * in this page or the next one opened. Sent again after a lost answer, a photo is stored once.
 */
export interface QueuedFile {
    writeKey: string;
    /** Whose photo: sent only in that user's session. */
    userId: string;
    /** The attachment resource, whose lists are read again once it is stored. */
    resource: string;
    fields: Record<string, string>;
    file: File;
    queuedAt: number;
}

const store = () => createStore('jiafang-outbox', 'files');
const listeners = new Set<(count: number) => void>();
let count = 0;
let sending: Promise<void> | undefined;

const mine = async (): Promise<QueuedFile[]> => {
    const user = userOfToken(getToken());
    return (await entries<string, QueuedFile>(store())).map(([, queued]) => queued).filter(q => q.userId === user);
};

const recount = async () => {
    count = (await mine()).length;
    listeners.forEach(l => l(count));
};

/** How many photos of this user wait on the device; `listener` hears of every change. */
export const onQueuedFiles = (listener: (count: number) => void): (() => void) => {
    listeners.add(listener);
    listener(count);
    return () => listeners.delete(listener);
};

export const queueFile = async (queued: Omit<QueuedFile, 'userId' | 'queuedAt'>): Promise<void> => {
    await set(queued.writeKey, { ...queued, userId: userOfToken(getToken()), queuedAt: Date.now() }, store());
    await recount();
};

/**
 * Sends what waits, oldest first, one at a time; stops at the first failure for want of a
 * network (the rest wait for the next try). A photo the server refuses (too large, a visit no
 * longer in reach) is dropped and reported, never sent for ever.
 */
export const sendQueuedFiles = (events: { sent: (record: RaRecord, queued: QueuedFile) => void; refused: (error: Error, queued: QueuedFile) => void }): Promise<void> => {
    sending ??= (async () => {
        try {
            const waiting = (await mine()).sort((a, b) => a.queuedAt - b.queuedAt);
            for (const queued of waiting) {
                if (!onlineManager.isOnline()) return;
                try {
                    const record = await postFile(queued.fields, queued.file, undefined, queued.writeKey);
                    await del(queued.writeKey, store());
                    events.sent(record, queued);
                } catch (error) {
                    if (isRetryable(error)) return;
                    await del(queued.writeKey, store());
                    events.refused(error as Error, queued);
                }
            }
        } finally {
            sending = undefined;
            await recount();
        }
    })();
    return sending;
};
