import jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
}

const ISSUER = 'jiafang';

export function signToken(userId: string, secret: string, expiresIn: string): string {
  return jwt.sign({}, secret, { subject: userId, issuer: ISSUER, expiresIn: expiresIn as jwt.SignOptions['expiresIn'], algorithm: 'HS256' });
}

/** The user id of a valid token, or the reason it is not. */
export function verifyToken(token: string, secret: string): { userId: string } | { error: 'expired' | 'invalid' } {
  try {
    const claims = jwt.verify(token, secret, { issuer: ISSUER, algorithms: ['HS256'] }) as jwt.JwtPayload;
    return claims.sub ? { userId: claims.sub } : { error: 'invalid' };
  } catch (err) {
    return { error: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
  }
}
