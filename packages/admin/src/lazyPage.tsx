import { lazy, Suspense, useState, type ComponentType } from 'react';
import { Loading } from 'react-admin';

/**
 * A component whose code is its own chunk, with `preload()` to fetch it ahead. Once loaded it
 * renders at once: a React.lazy first render suspends even on a module already there, and React
 * holds the reveal of a suspended boundary for up to 300 ms.
 */
export const preloadable = <P extends object>(load: () => Promise<ComponentType<P>>) => {
    let loaded: ComponentType<P> | undefined;
    let loading: Promise<ComponentType<P>> | undefined;
    const preload = (): Promise<ComponentType<P>> => {
        loading ??= load().then(
            component => (loaded = component),
            error => {
                loading = undefined; // a dropped chunk is asked for again next time
                throw error;
            },
        );
        return loading;
    };
    const Lazy = lazy(() => preload().then(component => ({ default: component })));
    const Preloadable = (props: P) => {
        // Chosen once per mount: switching from Lazy to the module later would remount the page.
        const [Ready] = useState(() => loaded);
        return Ready ? <Ready {...props} /> : <Lazy {...props} />;
    };
    return Object.assign(Preloadable, { preload });
};

/**
 * A page whose code loads when it is first shown (its own chunk), not with the login page and the
 * first list: charts, reports, imports, forms and the GraphQL explorer stay off a slow link until used.
 */
export const lazyPage = <P extends object>(load: () => Promise<ComponentType<P>>) => {
    const Page = preloadable(load);
    return (props: P) => (
        <Suspense fallback={<Loading />}>
            <Page {...props} />
        </Suspense>
    );
};
