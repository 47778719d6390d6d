import { useSyncExternalStore } from 'react';

// A login that answered mustChangePassword: the one-time token waits here (in memory only, never
// stored) until the user has set their own password on the login page.

export interface PendingChange {
    username: string;
    token: string;
}

let pending: PendingChange | null = null;
const listeners = new Set<() => void>();
const set = (value: PendingChange | null) => {
    pending = value;
    listeners.forEach(l => l());
};

export const requirePasswordChange = (value: PendingChange): void => set(value);
export const clearPasswordChange = (): void => set(null);

export const usePendingPasswordChange = (): PendingChange | null =>
    useSyncExternalStore(
        l => {
            listeners.add(l);
            return () => listeners.delete(l);
        },
        () => pending,
    );
