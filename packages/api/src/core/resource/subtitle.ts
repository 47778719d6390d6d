import type { Viewer } from '../context';
import { can, fullForEveryRow } from '../access/policy';
import { targetResource } from './registry';
import type { ResourceSpec } from './spec';

/**
 * The parts of a resource's subtitle this viewer may be shown: fields it reads in full (a masked
 * birth date would give away part of what the mask hides) and references to records it may read.
 */
export function subtitleFor(res: ResourceSpec, viewer: Viewer): Array<{ field: string; year: boolean; template: string | null }> {
  return res.subtitle.flatMap((part) => {
    const field = res.fields.find((f) => f.name === part.field || f.gqlName === part.field);
    if (!field || field.kind === 'secret' || !fullForEveryRow(res, field, viewer)) return [];
    if ((field.kind === 'ref' || field.kind === 'refList') && !can(viewer, targetResource(field), 'read')) return [];
    return [{ field: field.gqlName, year: part.year ?? false, template: part.template ?? null }];
  });
}
