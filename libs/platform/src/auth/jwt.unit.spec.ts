import jwt from 'jsonwebtoken';
import { InvalidTokenError, issueToken, verifyToken } from './jwt';

const SECRET = 'a-secret-of-the-deployment';
const clerk = { id: 'clerk-1', role: 'unit_clerk', departmentId: 'dep-1', unitId: 'unit-1', name: '经办人' } as const;

describe('issueToken / verifyToken', () => {
  it('round-trips an actor', () => {
    expect(verifyToken(SECRET, 'budget', issueToken(SECRET, 'budget', clerk))).toEqual(clerk);
  });

  it('accepts a token signed with the same secret by anyone (plain HS256)', () => {
    const token = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget' });
    expect(verifyToken(SECRET, 'budget', token)).toEqual({ id: 'root', role: 'admin' });
  });

  it('refuses another secret, another issuer, a changed payload and an expired token', () => {
    const token = issueToken(SECRET, 'budget', clerk);
    expect(() => verifyToken('another-secret', 'budget', token)).toThrow(InvalidTokenError);
    expect(() => verifyToken(SECRET, 'elsewhere', token)).toThrow('登录凭证无效');
    const [head, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'clerk-1', role: 'admin', iss: 'budget' })).toString('base64url');
    expect(() => verifyToken(SECRET, 'budget', `${head}.${forged}.${signature}`)).toThrow('登录凭证无效');
    const expired = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget', expiresIn: -10 });
    expect(() => verifyToken(SECRET, 'budget', expired)).toThrow('登录凭证已过期，请重新登录');
  });

  it('refuses unsigned tokens', () => {
    const none = jwt.sign({ role: 'admin' }, '', { algorithm: 'none', subject: 'root', issuer: 'budget' });
    expect(() => verifyToken(SECRET, 'budget', none)).toThrow(InvalidTokenError);
  });
});
