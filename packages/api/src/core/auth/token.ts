import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UUID } from '../crud/where';

const ISSUER = 'jiafang';

/**
 * A login token for a user: its subject is the user id and `tv` the user's token version, which
 * the database raises when the password changes or the account is disabled, so older tokens die.
 */
export function signToken(user: { id: string; tokenVersion: number }, secret: string, expiresIn: string): string {
  return jwt.sign({ tv: user.tokenVersion }, secret, { subject: user.id, issuer: ISSUER, expiresIn: expiresIn as jwt.SignOptions['expiresIn'], algorithm: 'HS256' });
}

// jsonwebtoken turns a string secret into a key object on every call, a large share of a request's
// CPU under load; the key of the (one) secret is made once.
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

type Verified = { userId: string; tokenVersion: number };

// A signed token's claims cannot change: one verified is remembered (by secret and exact text)
// until its expiry, so a client's every request does not pay the HMAC and the JSON decoding again.
// Bounded; the oldest entry makes room.
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, Map<string, Verified & { expiresAt: number }>>();

/** The user and token version of a valid token, or the reason it is not. */
export function verifyToken(token: string, secret: string): Verified | { error: 'expired' | 'invalid' } {
  let bySecret = remembered.get(secret);
  if (!bySecret) remembered.set(secret, (bySecret = new Map()));
  const known = bySecret.get(token);
  if (known) {
    if (Date.now() < known.expiresAt) return { userId: known.userId, tokenVersion: known.tokenVersion };
    bySecret.delete(token);
    return { error: 'expired' };
  }
  const verified = verifySigned(token, secret);
  if ('error' in verified) return verified;
  if (bySecret.size >= MAX_REMEMBERED) bySecret.delete(bySecret.keys().next().value!);
  bySecret.set(token, verified);
  return { userId: verified.userId, tokenVersion: verified.tokenVersion };
}

function verifySigned(token: string, secret: string): (Verified & { expiresAt: number }) | { error: 'expired' | 'invalid' } {
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, keyOf(secret), { issuer: ISSUER, algorithms: ['HS256'] });
  } catch (err) {
    return { error: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
  }
  if (typeof claims === 'string') return { error: 'invalid' };
  // jsonwebtoken accepts a token without exp; ours always carry one, and one without would never end.
  if (typeof claims.exp !== 'number') return { error: 'invalid' };
  // Checked here so a malformed subject is refused, not sent to PostgreSQL as a uuid (a 500).
  if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) return { error: 'invalid' };
  if (!Number.isSafeInteger(claims.tv)) return { error: 'invalid' };
  return { userId: claims.sub, tokenVersion: claims.tv as number, expiresAt: claims.exp * 1000 };
}
