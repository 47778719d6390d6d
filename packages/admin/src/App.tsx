import { Component, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Admin, useLocation, useNavigate } from 'react-admin';
import { authProvider } from './authProvider';
import { i18nProvider } from './i18n';
import { LoginPage } from './LoginPage';
import { SchemaError, SchemaLoading } from './SchemaStatus';
import { prefetchSignedIn, SignedInApp } from './signedInCode';
import { getToken, onSessionChange } from './token';

// Before login nothing reads data: the login form needs neither the schema nor a data provider.
const noData = new Proxy({}, { get: () => () => Promise.reject(new Error('ra.auth.auth_check_error')) });

/** A link opened signed out (a bookmark, a shared record): the login form, then back to it. */
const ToLogin = () => {
    const navigate = useNavigate();
    const { pathname, search } = useLocation();
    useEffect(() => {
        navigate('/login', { replace: true, state: { nextPathname: pathname, nextSearch: search } });
    }, [navigate, pathname, search]);
    return null;
};

/** The login form alone: on a slow link it comes up without the schema or the screens' code. */
const SignInApp = () => (
    <Admin
        title="家访 Jiafang"
        authProvider={authProvider}
        i18nProvider={i18nProvider}
        dataProvider={noData as never}
        loginPage={LoginPage}
        ready={ToLogin}
        requireAuth
        disableTelemetry
    />
);

const useSignedIn = () => {
    const [signedIn, setSignedIn] = useState(() => Boolean(getToken()));
    useEffect(() => onSessionChange(() => setSignedIn(Boolean(getToken()))), []);
    useEffect(() => {
        // Signed out, the login form starts it once it shows (usePrefetchWhileTyping).
        if (signedIn) prefetchSignedIn();
    }, [signedIn]);
    return signedIn;
};

/** A chunk that did not arrive (a dropped connection on the road) says so and offers a retry, instead of a blank page. */
class LoadFailure extends Component<{ children: ReactNode }, { error?: Error }> {
    state: { error?: Error } = {};
    static getDerivedStateFromError(error: Error) {
        return { error };
    }
    render() {
        return this.state.error ? <SchemaError error={this.state.error} /> : this.props.children;
    }
}

export const App = () =>
    useSignedIn() ? (
        <LoadFailure>
            <Suspense fallback={<SchemaLoading />}>
                <SignedInApp />
            </Suspense>
        </LoadFailure>
    ) : (
        <SignInApp />
    );
