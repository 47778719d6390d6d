import { accessPolicy } from '../access/policy';
import { reachPlaces } from '../data/viewer-reach';
import type { Viewer } from '../context';
import { forbidden, unauthenticated } from '../errors';
import type { ReportScope, ReportSpec } from './spec';

/** The caller's reach for a report, or FORBIDDEN when the role may not read it. */
export function reportScope(viewer: Viewer | null, spec: Pick<ReportSpec, 'kind' | 'title'>): ReportScope {
  if (!viewer) throw unauthenticated();
  if (!canReadReport(viewer, spec)) throw forbidden(`当前角色不能查看${spec.title}`, { report: spec.title });
  return { viewer, bureauId: viewer.bureauId, ...reachPlaces(viewer) };
}

export function canReadReport(viewer: Viewer, spec: Pick<ReportSpec, 'kind'>): boolean {
  return accessPolicy().reportReaders[spec.kind].includes(viewer.role);
}
