import type { FilterQuery } from '@mikro-orm/core';
import type { ResourceSpec } from '../resource/spec';
import type { Viewer } from '../context';
import { unauthenticated } from '../errors';
import { can, policyOf, reachOf } from './policy';

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
 * The rows of a resource a viewer may touch, as one condition every read, nested load and write
 * adds: the bureau, then the role's reach (its schools, or a teacher's own students) along the
 * paths the policy gives from the row to its school and student.
 */
export function rowScope(res: ResourceSpec, viewer: Viewer | null): FilterQuery<any> {
  if (!viewer) throw unauthenticated();
  if (!can(viewer, res, 'read')) return NOTHING;
  const tenant = res.tenant ? { bureau: viewer.bureauId } : { id: viewer.bureauId };
  const { links } = policyOf(res);
  const reach = reachOf(viewer.role);
  if (links === 'bureau' || reach === 'bureau') return tenant;
  const any: FilterQuery<any>[] = [];
  if (reach === 'school') {
    for (const path of links.school ?? []) any.push(along(path, { $in: viewer.schoolIds }));
  } else {
    if (links.student) for (const path of links.student) any.push(along(path, { $in: viewer.studentIds }));
    else for (const path of links.school ?? []) any.push(along(path, viewer.schoolId));
    if (viewer.staffId) for (const path of links.staff ?? []) any.push(along(path, viewer.staffId));
  }
  if (any.length === 0) return NOTHING;
  return { $and: [tenant, any.length === 1 ? any[0] : { $or: any }] };
}

/** Whether the viewer's scope of the resource is its whole bureau (nothing to check beyond the tenant). */
export function reachesWholeBureau(res: ResourceSpec, viewer: Viewer): boolean {
  return can(viewer, res, 'read') && (policyOf(res).links === 'bureau' || reachOf(viewer.role) === 'bureau');
}
