import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type SelectionSetNode } from 'graphql';
import type { RequestContext } from './context';
import { passwordChangeRequired } from '../core/errors';

// Introspection stays open (the admin reads the schema before anyone logs in) and so does login.
const PUBLIC_FIELDS = new Set(['login', '__schema', '__type', '__typename']);
/** What an account with a one-time password may do before it sets its own. */
const BEFORE_PASSWORD_CHANGE = new Set([...PUBLIC_FIELDS, 'me', 'changePassword']);

function rootFields(set: SelectionSetNode, fragments: Record<string, SelectionSetNode>): string[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments);
    return fragments[s.name.value] ? rootFields(fragments[s.name.value], fragments) : [];
  });
}

/**
 * Every operation but login and introspection needs a valid bearer token; an account still on its
 * one-time password may only change it (and read `me`).
 */
export const requireAuth: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, contextValue }) {
        const viewer = contextValue.viewer;
        if (!operation || (viewer && !viewer.mustChangePassword)) return;
        const fragments = Object.fromEntries(
          document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet]] : [])),
        );
        const fields = rootFields(operation.selectionSet, fragments);
        if (viewer) {
          if (fields.every((f) => BEFORE_PASSWORD_CHANGE.has(f))) return;
          throw passwordChangeRequired();
        }
        if (fields.every((f) => PUBLIC_FIELDS.has(f))) return;
        const message = contextValue.authError === 'expired' ? '登录已过期，请重新登录' : '请先登录';
        throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      },
    };
  },
};
