import type { Viewer } from '../context';
import type { RunSql } from './gateway';
import { kindOf, REACH_KINDS, type ReachPlaces, type ReachUser, type ResolvedReach } from './reach';

// What code outside the gateway asks of a viewer's reach; the kinds themselves stay in reach.ts.

/** A user's schools and students, resolved once when the request's viewer is built. */
export function resolveReach(role: string, user: ReachUser, run: RunSql): Promise<ResolvedReach> {
  return kindOf(role).resolve(user, run);
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
