import jwt from 'jsonwebtoken';
import { InvalidTokenError, issueToken, verifyToken } from './jwt';

const SECRET = 'a-secret-of-the-deployment-32-bytes-or-more';
const clerk = { id: 'clerk-1', role: 'unit_clerk', departmentId: 'dep-1', unitId: 'unit-1', name: '经办人' } as const;
const now = () => Math.floor(Date.now() / 1000);

describe('issueToken / verifyToken', () => {
  it('round-trips an actor', () => {
    expect(verifyToken(SECRET, 'budget', issueToken(SECRET, 'budget', clerk))).toEqual(clerk);
  });

  it('accepts a token signed with the same secret by anyone (plain HS256) when it expires within the cap', () => {
    const token = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget', expiresIn: 600 });
    expect(verifyToken(SECRET, 'budget', token)).toEqual({ id: 'root', role: 'admin' });
  });

  it('refuses another secret, another issuer, a changed payload and an expired token', () => {
    const token = issueToken(SECRET, 'budget', clerk);
    expect(() => verifyToken('another-secret-that-is-long-enough-too', 'budget', token)).toThrow(InvalidTokenError);
    expect(() => verifyToken(SECRET, 'elsewhere', token)).toThrow('登录凭证无效');
    const [head, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'clerk-1', role: 'admin', iss: 'budget', exp: now() + 60 })).toString('base64url');
    expect(() => verifyToken(SECRET, 'budget', `${head}.${forged}.${signature}`)).toThrow('登录凭证无效');
    const expired = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget', expiresIn: -120 });
    expect(() => verifyToken(SECRET, 'budget', expired)).toThrow('登录凭证已过期，请重新登录');
  });

  it('refuses unsigned tokens', () => {
    const none = jwt.sign({ role: 'admin' }, '', { algorithm: 'none', subject: 'root', issuer: 'budget', expiresIn: 60 });
    expect(() => verifyToken(SECRET, 'budget', none)).toThrow(InvalidTokenError);
  });

  it('refuses a token without exp', () => {
    const forever = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget' });
    expect(() => verifyToken(SECRET, 'budget', forever)).toThrow('登录凭证缺少有效期（exp），请重新登录');
  });

  it('refuses a lifetime above the cap, with or without iat, and an iat in the future', () => {
    const long = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget', expiresIn: 8 * 3600 + 1 });
    expect(() => verifyToken(SECRET, 'budget', long)).toThrow(/有效期超过上限/);
    expect(() => verifyToken(SECRET, 'budget', long, { maxLifetimeSeconds: 3600 })).toThrow(/有效期超过上限/);
    const shortOk = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget', expiresIn: 3000 });
    expect(verifyToken(SECRET, 'budget', shortOk, { maxLifetimeSeconds: 3600 }).role).toBe('admin');
    const noIat = jwt.sign({ role: 'admin', exp: now() + 9 * 3600 }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget', noTimestamp: true });
    expect(() => verifyToken(SECRET, 'budget', noIat)).toThrow(/有效期超过上限/);
    const future = jwt.sign({ role: 'admin', iat: now() + 3600, exp: now() + 3700 }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget' });
    expect(() => verifyToken(SECRET, 'budget', future)).toThrow('登录凭证的签发时间无效');
  });

  it('tolerates a small clock skew on exp and nbf, and no more', () => {
    const justExpired = jwt.sign({ role: 'admin', iat: now() - 100, exp: now() - 30 }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget' });
    expect(verifyToken(SECRET, 'budget', justExpired).role).toBe('admin');
    expect(() => verifyToken(SECRET, 'budget', justExpired, { clockSkewSeconds: 0 })).toThrow('登录凭证已过期，请重新登录');
    const notYet = jwt.sign({ role: 'admin', nbf: now() + 600 }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget', expiresIn: 3600 });
    expect(() => verifyToken(SECRET, 'budget', notYet)).toThrow('登录凭证尚未生效');
    const almost = jwt.sign({ role: 'admin', nbf: now() + 30 }, SECRET, { algorithm: 'HS256', subject: 'root', issuer: 'budget', expiresIn: 3600 });
    expect(verifyToken(SECRET, 'budget', almost).role).toBe('admin');
  });

  it('carries a finance reviewer’s departments and refuses a malformed list', () => {
    const desk = { id: 'fin-1', role: 'finance_reviewer', departmentIds: ['dep-1', 'dep-2'] } as const;
    expect(verifyToken(SECRET, 'budget', issueToken(SECRET, 'budget', desk))).toEqual(desk);
    const bad = jwt.sign({ role: 'finance_reviewer', departmentIds: 'dep-1' }, SECRET, { algorithm: 'HS256', subject: 'f', issuer: 'budget', expiresIn: 60 });
    expect(() => verifyToken(SECRET, 'budget', bad)).toThrow('负责部门');
    const clerkClaim = jwt.sign({ role: 'unit_clerk', unitId: 'u', departmentId: 'd', departmentIds: ['x'] }, SECRET, { algorithm: 'HS256', subject: 'c', issuer: 'budget', expiresIn: 60 });
    expect(verifyToken(SECRET, 'budget', clerkClaim).departmentIds).toBeUndefined();
  });

  it('issues tokens that fit the default cap', () => {
    const payload = jwt.decode(issueToken(SECRET, 'budget', clerk)) as jwt.JwtPayload;
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(8 * 3600);
  });

  it('refuses to sign or verify with a secret shorter than 32 bytes, the empty one included', () => {
    const emptyKeyToken = jwt.sign({ role: 'admin' }, Buffer.alloc(0), { algorithm: 'HS256', subject: 'root', issuer: 'budget', expiresIn: 60 });
    expect(() => verifyToken('', 'budget', emptyKeyToken)).toThrow('at least 32 bytes');
    expect(() => verifyToken('x'.repeat(31), 'budget', emptyKeyToken)).toThrow('at least 32 bytes');
    expect(() => issueToken('short', 'budget', clerk)).toThrow('at least 32 bytes');
  });
});
