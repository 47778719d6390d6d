import type { FilterQuery } from '@mikro-orm/core';
import type { ResourceSpec } from '../resource/spec';
import type { Viewer } from '../context';
import { unauthenticated } from '../errors';

/**
 * The rows of a resource a viewer may touch, as a condition every read and write adds.
 * For now the tenant boundary: a viewer sees their own bureau only.
 */
export function rowScope(res: ResourceSpec, viewer: Viewer | null): FilterQuery<any> {
  if (!viewer) throw unauthenticated();
  return res.tenant ? { bureau: viewer.bureauId } : { id: viewer.bureauId };
}
