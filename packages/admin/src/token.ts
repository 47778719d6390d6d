// The JWT lives in localStorage so a page reload keeps the session.
const TOKEN_KEY = 'jiafang.token';

export const getToken = (): string | null => localStorage.getItem(TOKEN_KEY);

const listeners = new Set<() => void>();

/** Calls `listener` when the session starts or ends (here or in another tab); returns the unsubscribe. */
export const onSessionChange = (listener: () => void): (() => void) => {
    listeners.add(listener);
    const fromOtherTab = (e: StorageEvent) => e.key === TOKEN_KEY && listener();
    window.addEventListener('storage', fromOtherTab);
    return () => {
        listeners.delete(listener);
        window.removeEventListener('storage', fromOtherTab);
    };
};

export const storeSession = (token: string): void => {
    localStorage.setItem(TOKEN_KEY, token);
    listeners.forEach(l => l());
};

export const clearSession = (): void => {
    localStorage.removeItem(TOKEN_KEY);
    listeners.forEach(l => l());
};

/** True when the token carries an `exp` claim in the past; saves a round trip to learn it. */
export const isTokenExpired = (token: string): boolean => {
    try {
        const payload = token.split('.')[1] ?? '';
        const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
        const { exp } = JSON.parse(json) as { exp?: number };
        return typeof exp === 'number' && exp * 1000 <= Date.now();
    } catch {
        return false; // not a JWT we can read: let the server decide
    }
};

// Set when a session ends on its own (expired or refused token), so the login page can say why.
const EXPIRED_KEY = 'jiafang.sessionExpired';

export const markSessionExpired = (): void => sessionStorage.setItem(EXPIRED_KEY, '1');

/** Whether a session end was marked, without clearing the mark. */
export const sessionExpiredMarked = (): boolean => sessionStorage.getItem(EXPIRED_KEY) === '1';

/** True once after a session expired; reading it clears it. */
export const takeSessionExpired = (): boolean => {
    const expired = sessionStorage.getItem(EXPIRED_KEY) === '1';
    sessionStorage.removeItem(EXPIRED_KEY);
    return expired;
};

/**
 * `load` once per token (what a role may see depends on it), its answer shared by every caller
 * until the token changes; a failed load is not kept, so the next caller asks again.
 */
export const perToken = <A extends unknown[], T>(load: (...args: A) => Promise<T>): ((...args: A) => Promise<T>) => {
    let cached: { token: string | null; promise: Promise<T> } | undefined;
    return (...args) => {
        const token = getToken();
        if (!cached || cached.token !== token) {
            const promise = load(...args);
            cached = { token, promise };
            promise.catch(() => {
                if (cached?.promise === promise) cached = undefined;
            });
        }
        return cached.promise;
    };
};

/** The signed-in user of a token (its `sub`), so one person's outbox is never sent as another's. */
export const userOfToken = (token: string | null): string => {
    try {
        const payload = JSON.parse(atob((token ?? '').split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string };
        return payload.sub ?? 'anonymous';
    } catch {
        return 'anonymous';
    }
};
