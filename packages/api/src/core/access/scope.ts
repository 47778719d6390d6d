import type { FilterQuery } from '@mikro-orm/core';
import type { ResourceSpec } from '../resource/spec';
import type { Viewer } from '../context';
import { unauthenticated } from '../errors';
import { can, policyOf } from './policy';
import { kindOf, type LinkTest, type LoadedReach } from '../data/reach';

const NOTHING = { id: { $in: [] as string[] } };

/** `student.school` → { student: { school: value } }; `students[].school` crosses a list with $some. */
function along(path: string, value: unknown): FilterQuery<any> {
  const parts = path.split('.');
  const build = (i: number): unknown => {
    if (i === parts.length) return value;
    const part = parts[i];
    if (part.endsWith('[]')) {
      const rest = i + 1 === parts.length ? { id: value } : build(i + 1);
      return { [part.slice(0, -2)]: { $some: rest } };
    }
    return { [part]: build(i + 1) };
  };
  return build(0) as FilterQuery<any>;
}

/**
 * What bounds a viewer's rows of a resource: nothing (not readable), the tenant only, or the
 * tenant and any of the reach kind's link tests. Both the ORM condition below and the read
 * compiler's SQL (core/data/scope-sql.ts) are built from it.
 */
export type ScopePlan = { kind: 'none' } | { kind: 'tenant' } | { kind: 'links'; tests: LinkTest[] };

export function scopePlan(res: ResourceSpec, viewer: Viewer | null): ScopePlan {
  if (!viewer) throw unauthenticated();
  if (!can(viewer, res, 'read')) return { kind: 'none' };
  const { links } = policyOf(res);
  const reach = kindOf(viewer.role);
  if (links === 'bureau' || reach.wholeBureau) return { kind: 'tenant' };
  const tests = reach.tests(links, viewer);
  return tests.length ? { kind: 'links', tests } : { kind: 'none' };
}

/**
 * The rows of a resource a viewer may touch, as one condition every read, nested load and write
 * adds: the bureau, then the role's reach (its schools, or a teacher's own students) along the
 * paths the policy gives from the row to its school and student.
 */
export function rowScope(res: ResourceSpec, viewer: Viewer | null): FilterQuery<any> {
  const plan = scopePlan(res, viewer);
  if (plan.kind === 'none') return NOTHING;
  const tenant = res.tenant ? { bureau: viewer!.bureauId } : { id: viewer!.bureauId };
  if (plan.kind === 'tenant') return tenant;
  const any = plan.tests.map((t) => along(t.path, { $in: [...t.values] }));
  return { $and: [tenant, any.length === 1 ? any[0] : { $or: any }] };
}

/** The viewer as writes see it: a grant opens reads only (AccessPolicy.grants). */
export function writerOf<V extends Viewer | null>(viewer: V): V {
  return viewer?.grantedStudentIds?.length ? { ...viewer, grantedStudentIds: [] } : viewer;
}

/** Whether the viewer's scope of the resource is its whole bureau (nothing to check beyond the tenant). */
export function reachesWholeBureau(res: ResourceSpec, viewer: Viewer): boolean {
  return scopePlan(res, viewer).kind === 'tenant';
}

/**
 * Whether an entity about to be written is in the viewer's reach, tested in memory along the same
 * links; 'unknown' leaves it to the database check after the flush.
 */
export function loadedInReach(res: ResourceSpec, viewer: Viewer, row: object): LoadedReach {
  if (!can(viewer, res, 'read')) return 'unknown';
  const { links } = policyOf(res);
  return links === 'bureau' ? 'in' : kindOf(viewer.role).testLoaded(row, links, viewer);
}
