import type { QueryClient } from '@tanstack/react-query';
import { getToken, userOfToken } from '../token';
import { newWriteKey, writeKeyOf } from './writeKey';

/**
 * What a create form holds while it is being filled in, on the device: a closed tab, a reload or
 * a flat battery loses nothing typed. With it, the key its save will carry, so a draft that was
 * in fact saved (the tab closed before it was cleared) is answered by the server, not saved twice.
 */
export interface Draft {
    writeKey: string;
    values: Record<string, unknown>;
    savedAt: number;
}

const PREFIX = 'jiafang.draft.';

const storageKey = (resource: string) => `${PREFIX}${userOfToken(getToken())}.${resource}`;

export const readDraft = (resource: string): Draft | null => {
    try {
        const draft = JSON.parse(localStorage.getItem(storageKey(resource)) ?? 'null') as Draft | null;
        return draft && typeof draft.writeKey === 'string' && draft.values && typeof draft.values === 'object' ? draft : null;
    } catch {
        return null;
    }
};

export const writeDraft = (resource: string, draft: Draft): void => {
    try {
        localStorage.setItem(storageKey(resource), JSON.stringify(draft));
    } catch {
        // Storage full or refused (private mode): the form still works, without a draft.
    }
};

/** The key of the form about to be opened: its draft's, or a new one. */
export const keyForForm = (resource: string): string => readDraft(resource)?.writeKey ?? newWriteKey();

/** Removes the draft whose save carries `writeKey` (a newer draft of the resource stays). */
export const dropDraft = (resource: string, writeKey?: string): void => {
    if (writeKey === undefined || readDraft(resource)?.writeKey === writeKey) localStorage.removeItem(storageKey(resource));
};

/** Every draft of every user on this device (at sign-out: a shared office PC keeps no one's typing). */
export const dropAllDrafts = (): void => {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
};

/**
 * A draft ends when its save is accepted, or kept in the outbox: wherever the form went by then
 * (a redirect unmounts it before the answer comes).
 */
export const dropDraftsOnSave = (queryClient: QueryClient): (() => void) =>
    queryClient.getMutationCache().subscribe(event => {
        const mutation = event.mutation;
        if (!mutation || event.type !== 'updated') return;
        const resource = (mutation.state.variables as { resource?: string } | undefined)?.resource;
        const writeKey = writeKeyOf(mutation);
        if (!resource || !writeKey) return;
        if (mutation.state.status === 'success' || mutation.state.isPaused) dropDraft(resource, writeKey);
    });
