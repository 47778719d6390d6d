import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt with per-password salt; parameters are stored with the hash so they can be raised later.
const N = 16384, R = 8, P = 1, KEYLEN = 32;

export function hashPassword(plain: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(plain, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(plain: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(plain, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/** A hash of nothing anyone can type, so unknown users cost the same time as known ones. */
export const UNUSABLE_HASH = hashPassword(randomBytes(24).toString('hex'));

export function passwordProblem(plain: string): { rule: string; message: string } | null {
  return plain.length >= 8 ? null : { rule: 'PASSWORD_TOO_SHORT', message: '密码至少8位' };
}
