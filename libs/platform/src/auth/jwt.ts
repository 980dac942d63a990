import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES, type Actor, type Role } from '@budget/domain';

interface TokenClaims {
  readonly sub: string;
  readonly role: Role;
  readonly departmentId?: string;
  readonly unitId?: string;
  readonly name?: string;
  readonly departmentIds?: readonly string[];
}

export class InvalidTokenError extends Error {}

/** Same figures as config.ts's defaults; repeated here so a token minted without options fits the cap. */
const MAX_LIFETIME_SECONDS = 8 * 3600;
const CLOCK_SKEW_SECONDS = 60;
const MIN_SECRET_BYTES = 32;

export interface VerifyOptions {
  /** Longest accepted lifetime (`exp - iat`, or `exp - now` without `iat`). */
  readonly maxLifetimeSeconds?: number;
  /** Clock difference tolerated on `exp`, `nbf` and `iat`. */
  readonly clockSkewSeconds?: number;
  /** Seconds since the epoch; tests pass their own clock. */
  readonly now?: number;
}

const keys = new Map<string, KeyObject>();

/**
 * The HMAC key of a secret, made once. Given a string, jsonwebtoken first tries to read it as a
 * PEM public or private key and only then takes it as a secret: a failed parse and a thrown
 * exception on every request (about 3 ms of CPU each, measured with B4's service profiles).
 * A short secret is refused here too, not only in loadConfig: an empty one would be an empty key.
 */
function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) throw new Error(`the JWT secret must be at least ${MIN_SECRET_BYTES} bytes long`);
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export function issueToken(secret: string, issuer: string, actor: Actor, expiresInSeconds = MAX_LIFETIME_SECONDS): string {
  const claims: Omit<TokenClaims, 'sub'> = {
    role: actor.role,
    ...(actor.departmentId ? { departmentId: actor.departmentId } : {}),
    ...(actor.unitId ? { unitId: actor.unitId } : {}),
    ...(actor.name ? { name: actor.name } : {}),
    ...(actor.departmentIds ? { departmentIds: actor.departmentIds } : {}),
  };
  return jwt.sign(claims, hmacKey(secret), { algorithm: 'HS256', subject: actor.id, issuer, expiresIn: expiresInSeconds });
}

/**
 * `exp` is required and bounded; `iat` may not lie in the future; `nbf` is checked by the JWT library
 * (jsonwebtoken for HS256, jose for the provider's tokens). The same rules for every kind of token.
 */
export function checkLifetime(payload: { readonly exp?: unknown; readonly iat?: unknown }, opts: VerifyOptions): void {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const skew = opts.clockSkewSeconds ?? CLOCK_SKEW_SECONDS;
  const max = opts.maxLifetimeSeconds ?? MAX_LIFETIME_SECONDS;
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new InvalidTokenError('登录凭证缺少有效期（exp），请重新登录');
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat) || iat > now + skew)) {
    throw new InvalidTokenError('登录凭证的签发时间无效');
  }
  const issuedAt = typeof iat === 'number' ? iat : now;
  if (exp - issuedAt > max || exp - now > max + skew) {
    throw new InvalidTokenError(`登录凭证的有效期超过上限（${Math.round(max / 60)} 分钟），请重新登录`);
  }
}

/** A finance desk's departments: a list of ids; anything else is a malformed token, not "all departments". */
function deskOf(claim: unknown): readonly string[] {
  if (!Array.isArray(claim) || claim.length > 10_000 || !claim.every((d) => typeof d === 'string' && d !== '')) {
    throw new InvalidTokenError('登录凭证中的负责部门（departmentIds）无效');
  }
  return claim as string[];
}

/** What a token says about its person, whatever the claims were called. */
export interface ActorClaims {
  readonly sub: unknown;
  readonly role: unknown;
  readonly departmentId?: unknown;
  readonly unitId?: unknown;
  readonly name?: unknown;
  readonly departmentIds?: unknown;
}

/** The actor of verified claims, with the same rules for every kind of token (unit roles need their unit, …). */
export function actorOf(claims: ActorClaims): Actor {
  const { sub, role, departmentId, unitId, name, departmentIds } = claims;
  if (typeof sub !== 'string' || sub === '' || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new InvalidTokenError('登录凭证缺少用户或角色');
  }
  if (role === 'system') throw new InvalidTokenError('登录凭证的角色无效');
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const actor: Actor = {
    id: sub,
    role: role as Role,
    ...(str(departmentId) ? { departmentId: str(departmentId) } : {}),
    ...(str(unitId) ? { unitId: str(unitId) } : {}),
    ...(str(name) ? { name: str(name) } : {}),
    ...(role === 'finance_reviewer' && departmentIds !== undefined ? { departmentIds: deskOf(departmentIds) } : {}),
  };
  if ((actor.role === 'unit_clerk' || actor.role === 'unit_head') && (!actor.unitId || !actor.departmentId)) {
    throw new InvalidTokenError('单位用户的登录凭证必须包含单位和部门');
  }
  if (actor.role === 'department_reviewer' && !actor.departmentId) {
    throw new InvalidTokenError('部门审核人的登录凭证必须包含部门');
  }
  return actor;
}

export function verifyToken(secret: string, issuer: string, token: string, opts: VerifyOptions = {}): Actor {
  let payload: string | jwt.JwtPayload;
  const key = hmacKey(secret);
  try {
    payload = jwt.verify(token, key, {
      algorithms: ['HS256'],
      issuer,
      clockTolerance: opts.clockSkewSeconds ?? CLOCK_SKEW_SECONDS,
      ...(opts.now !== undefined ? { clockTimestamp: opts.now } : {}),
    });
  } catch (e) {
    if (e instanceof jwt.TokenExpiredError) throw new InvalidTokenError('登录凭证已过期，请重新登录');
    if (e instanceof jwt.NotBeforeError) throw new InvalidTokenError('登录凭证尚未生效');
    throw new InvalidTokenError('登录凭证无效');
  }
  if (typeof payload === 'string') throw new InvalidTokenError('登录凭证无效');
  checkLifetime(payload, opts);
  const { sub, role, departmentId, unitId, name, departmentIds } = payload as Partial<Record<keyof TokenClaims, unknown>>;
  return actorOf({ sub, role, departmentId, unitId, name, departmentIds });
}
