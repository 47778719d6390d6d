import type { Viewer } from '../context';
import { accessPolicy } from '../access/policy';
import { kindOf, REACH_KINDS, type ReachPlaces, type ReachUser, type ResolvedReach } from './reach';

// What code outside the gateway asks of a viewer's reach; the kinds themselves stay in reach.ts.

/**
 * A user's schools and students as SQL over the user's row, for each role the kind of its reach
 * (a CASE on the role column): read with the user, so building the viewer is one statement.
 */
export function reachOfUserSql(role: string, user: ReachUser): ResolvedReach {
  const byRole = Object.entries(accessPolicy().reach).map(([name, kind]) => [`'${name.replaceAll("'", "''")}'`, REACH_KINDS[kind].resolve(user)] as const);
  const pick = (key: keyof ResolvedReach) => `case ${role} ${byRole.map(([name, r]) => `when ${name} then ${r[key]}`).join(' ')} else '{}'::uuid[] end`;
  return { schoolIds: pick('schoolIds'), studentIds: pick('studentIds') };
}

/** The schools and students a report's places are bounded by (null: the whole bureau). */
export function reachPlaces(viewer: Viewer): ReachPlaces {
  return kindOf(viewer.role).places(viewer);
}

/** The values of `me.scope`, one per kind, with their descriptions. */
export const SCOPE_LABELS: Record<string, string> = Object.fromEntries(Object.values(REACH_KINDS).map((k) => [k.scope.name, k.scope.label]));

/** What `me.scope` answers for a role. */
export function scopeNameOf(role: string): string {
  return kindOf(role).scope.name;
}
