import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signToken, verifyToken } from './token';

const SECRET = 'unit-secret-unit-secret-unit-secret';
const id = randomUUID();
const sign = (payload: object, options: jwt.SignOptions) => jwt.sign(payload, SECRET, { issuer: 'jiafang', algorithm: 'HS256', ...options });

describe('login tokens', () => {
  it('carry the user id and token version, and end', () => {
    const token = signToken({ id, tokenVersion: 3 }, SECRET, '1h');
    expect(verifyToken(token, SECRET)).toEqual({ userId: id, tokenVersion: 3 });
    expect((jwt.decode(token) as jwt.JwtPayload).exp).toEqual(expect.any(Number));
    expect(verifyToken(token, 'another-secret')).toEqual({ error: 'invalid' });
  });

  it('are refused without exp, with a malformed subject or without a token version', () => {
    expect(verifyToken(sign({ tv: 1 }, { subject: id }), SECRET)).toEqual({ error: 'invalid' });
    expect(verifyToken(sign({ tv: 1 }, { subject: 'x', expiresIn: '1h' }), SECRET)).toEqual({ error: 'invalid' });
    expect(verifyToken(sign({ tv: 1 }, { subject: `${id}'; drop table "user"; --`, expiresIn: '1h' }), SECRET)).toEqual({ error: 'invalid' });
    expect(verifyToken(sign({}, { subject: id, expiresIn: '1h' }), SECRET)).toEqual({ error: 'invalid' });
    expect(verifyToken(sign({ tv: '1' }, { subject: id, expiresIn: '1h' }), SECRET)).toEqual({ error: 'invalid' });
    expect(verifyToken(sign({ tv: 1, exp: Math.floor(Date.now() / 1000) - 10 }, { subject: id }), SECRET)).toEqual({ error: 'expired' });
  });

  it('are remembered once verified, yet still end on time and are never mistaken for a changed one', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = sign({ tv: 5, exp }, { subject: id });
    expect(verifyToken(token, SECRET)).toEqual({ userId: id, tokenVersion: 5 });
    expect(verifyToken(token, SECRET)).toEqual({ userId: id, tokenVersion: 5 });
    // The same claims signed with another key, and the signature altered: each is checked afresh.
    expect(verifyToken(jwt.sign({ tv: 5, exp }, 'other-secret-other-secret-other', { issuer: 'jiafang', subject: id }), SECRET)).toEqual({ error: 'invalid' });
    expect(verifyToken(`${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`, SECRET)).toEqual({ error: 'invalid' });
    expect(verifyToken(token, 'another-secret')).toEqual({ error: 'invalid' });
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    expect(verifyToken(token, SECRET)).toEqual({ error: 'expired' });
    expect(verifyToken(token, SECRET)).toEqual({ error: 'expired' });
  });
});
