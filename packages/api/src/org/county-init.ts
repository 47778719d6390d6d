import { randomInt } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword, passwordProblem } from '../core/auth/password';
import { setActor } from '../core/audit/actor';
import { valueProblem } from '../core/crud/write';
import { resourceOf } from '../core/resource/registry';
import { Bureau } from './bureau.entity';
import { Region } from './region.entity';
import { User } from './user.entity';
import { RegionLevel, Role } from './org.enums';
import { countyOf } from './divisions';

export interface InitOptions {
  /** The county's 6-digit GB/T 2260 code. */
  region: string;
  bureau: string;
  /** The first bureau admin's login name. */
  admin: string;
  /** Their name as shown. */
  name: string;
}

export interface InitResult {
  bureauId: string;
  county: string;
  towns: number;
  /** Shown once; the admin must change it at first login. */
  password: string;
}

/** Why init cannot go ahead: a message for the operator, nothing written. */
export class InitRefused extends Error {}

// No 0/O, 1/l/I: read off a screen and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Four groups of four: about 92 bits, typed once. */
export function oneTimePassword(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

/** An option's value under its entity field's own rules, as any write applies them. */
function checked(option: string, entity: Function, name: string, given: string): string {
  const value = given.trim();
  const f = resourceOf(entity).fields.find((x) => x.name === name)!;
  const problem = value ? valueProblem(f, value, {}) : { message: `${f.label}不能为空` };
  if (problem) throw new InitRefused(`${option}: ${problem.message}`);
  return value;
}

/**
 * A county's first day without the demo: the bureau, its county and towns from the bundled list,
 * and its first bureau admin with a one-time password. Refused once any user exists, so it can
 * never be used to add an account to a running county.
 */
export async function initCounty(orm: MikroORM, o: InitOptions): Promise<InitResult> {
  const found = countyOf(o.region.trim());
  if (!found) throw new InitRefused(`--region ${o.region}: not a county code of the bundled list (6 digits, GB/T 2260, e.g. 610526 for 蒲城县)`);
  const bureauName = checked('--bureau', Bureau, 'name', o.bureau);
  const username = checked('--admin', User, 'username', o.admin);
  const displayName = checked('--name', User, 'displayName', o.name);
  let password = oneTimePassword();
  while (passwordProblem(password, { username, displayName })) password = oneTimePassword();

  return (orm.em.fork() as EntityManager).transactional(async (em) => {
    setActor(em, { viewer: null, requestId: 'jiafang-init' });
    // Two inits at once: the second waits here, then finds the first one's user.
    await em.getConnection().execute('lock table "user" in share row exclusive mode', [], 'run', em.getTransactionContext());
    const users = await em.count(User, {});
    if (users > 0) throw new InitRefused(`the database already has ${users} user${users === 1 ? '' : 's'}: init sets up an empty one only; add accounts in the admin (用户) instead`);
    const bureau = em.create(Bureau, { name: bureauName });
    const county = em.create(Region, { bureau, code: found.county.code, name: found.county.name, level: RegionLevel.COUNTY });
    for (const t of found.towns) em.create(Region, { bureau, code: t.code, name: t.name, level: RegionLevel.TOWN, parent: county });
    bureau.region = county;
    em.create(User, { bureau, username, displayName, passwordHash: hashPassword(password), role: Role.BUREAU_ADMIN, active: true, mustChangePassword: true });
    await em.flush();
    return { bureauId: bureau.id, county: found.fullName, towns: found.towns.length, password };
  });
}
