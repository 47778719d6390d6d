import type { MikroORM } from '@mikro-orm/core';
import { Role } from '../org/org.enums';

// Placeholder until the generator lands (see demo/county.ts).
export const DEMO_PASSWORD = 'jiafang-demo';
export const DEMO_USERS: Array<{ username: string; role: Role }> = [
  { username: 'admin', role: Role.BUREAU_ADMIN },
  { username: 'aid', role: Role.AID_OFFICER },
  { username: 'principal', role: Role.SCHOOL_ADMIN },
  { username: 'teacher', role: Role.TEACHER },
  { username: 'analyst', role: Role.ANALYST },
];

export async function isDatabaseEmpty(orm: MikroORM): Promise<boolean> {
  const [{ n }] = await orm.em.getConnection().execute('select count(*)::int as n from bureau');
  return n === 0;
}

export async function seedDemoCounty(_orm: MikroORM, _options: { students?: number; seed?: number }): Promise<void> {
  throw new Error('not yet');
}
