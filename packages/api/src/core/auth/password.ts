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

/** The demo county's shared password: refused for real accounts in production. */
export const DEMO_PASSWORD = 'jiafang-demo';

/** Password policy: 8 characters or more, not the username, not the demo password in production. */
export function passwordProblem(plain: string, record: { username?: string } = {}): { rule: string; message: string } | null {
  if (plain.length < 8) return { rule: 'PASSWORD_TOO_SHORT', message: '密码至少8位' };
  if (record.username && plain.toLowerCase() === String(record.username).toLowerCase()) {
    return { rule: 'PASSWORD_IS_USERNAME', message: '密码不能与用户名相同' };
  }
  if (process.env.NODE_ENV === 'production' && plain === DEMO_PASSWORD) {
    return { rule: 'PASSWORD_IS_DEMO', message: '生产环境不能使用演示密码' };
  }
  return null;
}
