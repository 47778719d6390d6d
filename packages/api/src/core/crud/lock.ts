import type { EntityManager } from '@mikro-orm/core';
import { knexOf, pgArray } from '../../db/knex';
import type { ResourceSpec } from '../resource/spec';
import type { Viewer } from '../context';
import { UUID } from './where';

/**
 * Locks a resource's rows for the rest of the transaction, always in id order, before they are
 * read for a write. Two reasons:
 * - their versions are then compared against what no one else can change until this commits
 *   (the ORM's batched UPDATE checks versions with a separate SELECT and updates without them);
 * - every writer takes its locks in the same order, so overlapping writes wait instead of
 *   deadlocking.
 * Only the viewer's bureau is locked; ids that are malformed, elsewhere or not there lock nothing
 * (the read that follows finds them missing). `column` locks children by their parent's id.
 */
export async function lockRows(em: EntityManager, res: ResourceSpec, viewer: Viewer, ids: readonly unknown[], column = 'id'): Promise<void> {
  const valid = [...new Set(ids)].filter((id): id is string => typeof id === 'string' && UUID.test(id));
  if (!valid.length) return;
  const table = em.getMetadata().get(res.entity.name).tableName;
  const tenant = res.tenant ? ' and bureau_id = ?' : '';
  await knexOf(em).raw(`select 1 from "${table}" where "${column}" = any(?::uuid[])${tenant} order by id for update`, [
    pgArray(valid),
    ...(res.tenant ? [viewer.bureauId] : []),
  ]);
}
