import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { hashPassword } from '../../packages/api/src/core/auth/password';

export const FIXTURE_PASSWORD = 'fixture-password-1';

/**
 * A bureau with one bureau admin, written straight to the tables (the API needs a user before
 * anything can be created through it). Returns the ids tests build on.
 */
export async function createBureau(orm: MikroORM, name = '测试县教育局', username = `admin_${randomUUID().slice(0, 8)}`) {
  const bureauId = randomUUID();
  const userId = randomUUID();
  const conn = orm.em.getConnection();
  const now = new Date();
  await conn.execute('insert into bureau (id, version, created_at, updated_at, name) values (?, 1, ?, ?, ?)', [bureauId, now, now, name]);
  await conn.execute(
    'insert into "user" (id, version, created_at, updated_at, bureau_id, username, password_hash, role, active) values (?, 1, ?, ?, ?, ?, ?, ?, true)',
    [userId, now, now, bureauId, username, hashPassword(FIXTURE_PASSWORD), 'BUREAU_ADMIN'],
  );
  return { bureauId, userId, username };
}
