import { useEffect, useState, type DependencyList } from 'react';

/** Something read asynchronously: loading, then ready with its values, or the error. */
export type Loaded<T extends object> = { status: 'loading' } | ({ status: 'ready' } & T) | { status: 'error'; error: Error };

/**
 * Runs `load` whenever `deps` change (nothing while it is undefined) and follows its answer; an
 * answer arriving after the component unmounted or the deps changed is dropped. The last state
 * stays until the next answer.
 */
export const useLoaded = <T extends object>(load: (() => Promise<T>) | undefined, deps: DependencyList): Loaded<T> => {
    const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
    // `load` is a new closure each render, over exactly `deps`: those decide when it runs again.
    useEffect(() => {
        if (!load) return undefined;
        let active = true;
        load().then(
            values => active && setState({ status: 'ready', ...values }),
            (error: unknown) => active && setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
        );
        return () => {
            active = false;
        };
    }, deps);
    return state;
};
