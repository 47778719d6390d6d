import { REACH, REPORT_READERS } from '../../policy';
import type { Viewer } from '../context';
import { forbidden, unauthenticated } from '../errors';
import type { ReportScope, ReportSpec } from './spec';

/** The caller's reach for a report, or FORBIDDEN when the role may not read it. */
export function reportScope(viewer: Viewer | null, spec: Pick<ReportSpec, 'kind' | 'title'>): ReportScope {
  if (!viewer) throw unauthenticated();
  if (!canReadReport(viewer, spec)) throw forbidden(`当前角色不能查看${spec.title}`, { report: spec.title });
  switch (REACH[viewer.role]) {
    case 'bureau':
      return { viewer, bureauId: viewer.bureauId, schoolIds: null, studentIds: null };
    case 'school':
      return { viewer, bureauId: viewer.bureauId, schoolIds: viewer.schoolIds, studentIds: null };
    case 'ownStudents':
      return { viewer, bureauId: viewer.bureauId, schoolIds: viewer.schoolId ? [viewer.schoolId] : [], studentIds: viewer.studentIds };
  }
}

export function canReadReport(viewer: Viewer, spec: Pick<ReportSpec, 'kind'>): boolean {
  return REPORT_READERS[spec.kind].includes(viewer.role);
}
