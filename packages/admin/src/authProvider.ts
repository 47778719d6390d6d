import type { AuthProvider, UserIdentity } from 'react-admin';
import { dropAllDrafts } from './offline/drafts';
import { errorCodesOf, httpStatusOf } from './graphqlErrors';
import type { Session } from './auto/session';
import { graphqlFetch } from './graphqlFetch';
import { clearSession, getToken, isTokenExpired, markSessionExpired, sessionExpiredMarked, storeSession } from './token';
import { requirePasswordChange } from './passwordChange';

const LOGIN = `mutation login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token mustChangePassword user { id username role } }
}`;

const ME = `query me { me { id username role displayName staffId } }`;

interface LoginResult {
    login: { token: string; mustChangePassword: boolean; user: { id: string; username: string; role: string } };
}

interface MeResult {
    me: { id: string; username: string; role: string; displayName?: string | null; staffId?: string | null } | null;
}

/** The role, permissions and resources' metadata (auto/session.ts), loaded after login only. */
const loadSession = async (): Promise<Session> => {
    const [{ fetchSession }, { loadSchemaIndex }] = await Promise.all([import('./auto/session'), import('./schemaIndex')]);
    return fetchSession(await loadSchemaIndex());
};

// Asked for as the login answers, while the signed-in screens' code still loads; taken by the
// first getPermissions of that token.
let early: { token: string; session: Promise<Session> } | undefined;

const isAuthFailure = (error: unknown): boolean =>
    httpStatusOf(error) === 401 || errorCodesOf(error).includes('UNAUTHENTICATED');

export const authProvider: AuthProvider = {
    async login({ username, password }: { username: string; password: string }) {
        const { login } = await graphqlFetch<LoginResult>(LOGIN, { username, password });
        if (login.mustChangePassword) {
            // A one-time password: no session yet; the login page asks for the user's own first.
            requirePasswordChange({ username, token: login.token });
            throw new Error('jiafang.auth.password_change_required');
        }
        storeSession(login.token);
        early = { token: login.token, session: loadSession() };
        early.session.catch(() => undefined); // getPermissions reports it
    },

    async logout() {
        // Signing out on a shared office PC leaves no half-typed forms; a session that ended on its
        // own keeps them for the same user's next login (the outbox stays either way, under its user).
        const token = getToken();
        if (token && !isTokenExpired(token) && !sessionExpiredMarked()) dropAllDrafts();
        clearSession();
    },

    async checkAuth() {
        const token = getToken();
        if (!token) throw new Error('ra.auth.auth_check_error');
        if (isTokenExpired(token)) {
            clearSession();
            markSessionExpired();
            throw new Error('jiafang.auth.session_expired');
        }
    },

    async checkError(error: unknown) {
        // Rejecting makes react-admin call logout(), which clears the token.
        if (isAuthFailure(error)) {
            // react-admin skips its notice when checkAuth already fails: the login page says it instead.
            if (getToken()) markSessionExpired();
            throw new Error('jiafang.auth.session_expired');
        }
        // FORBIDDEN and the rest: show the message, keep the session.
    },

    async getIdentity(): Promise<UserIdentity> {
        const { me } = await graphqlFetch<MeResult>(ME);
        if (!me) throw new Error('ra.auth.auth_check_error');
        // staffId: the create forms suggest the user's own staff record (家访教师, 报告人).
        return { id: me.id, fullName: me.displayName || me.username, role: me.role, staffId: me.staffId ?? null };
    },

    /** The role, what it may do per resource and field, and the resources' metadata (auto/session.ts). */
    async getPermissions(): Promise<Session | null> {
        const token = getToken();
        if (!token) return null;
        if (early?.token === token) {
            const { session } = early;
            early = undefined;
            return session;
        }
        return loadSession();
    },
};
