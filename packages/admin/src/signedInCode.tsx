import { useEffect } from 'react';
import { preloadable } from './lazyPage';

// Signed in: the schema and every screen, in chunks of their own.
export const SignedInApp = preloadable(() => import('./SignedInApp').then(m => m.default));

/** The signed-in screens' code and the schema (a chunk, then indexed), each fetched once. */
export const prefetchSignedIn = () => {
    void SignedInApp.preload().catch(() => undefined);
    void import('virtual:jiafang-introspection').catch(() => undefined);
    void import('./schemaIndex').then(m => m.loadSchemaIndex()).catch(() => undefined);
};

const whenIdle = (run: () => void): (() => void) => {
    if ('requestIdleCallback' in window) {
        const id = window.requestIdleCallback(run, { timeout: 2000 });
        return () => window.cancelIdleCallback(id);
    }
    const id = setTimeout(run, 500);
    return () => clearTimeout(id);
};

/**
 * Called by the login form once it is up: while the user types, load what signing in needs, so
 * it waits for neither the code nor the schema. Not before the form shows (on a slow link the
 * form would share the line with the schema) and in idle time only.
 */
export const usePrefetchWhileTyping = () => useEffect(() => whenIdle(prefetchSignedIn), []);
