import { createRemoteJWKSet, decodeJwt, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import type { Actor } from '@budget/domain';
import type { OidcClaimNames, OidcConfig } from '../config';
import { actorOf, checkLifetime, InvalidTokenError } from './jwt';

/** The provider could not be asked for its keys (down, slow, misconfigured): 503, never a silent accept. */
export class ProviderUnavailableError extends Error {}

/** A claim by name; a dotted name reads a nested one (`realm_access.roles`), a name with a dot of its own is tried first. */
export function claimAt(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Our role from the provider's role claim: a string or a list of strings, each looked up in the role
 * map. Values the map does not know are ignored (the provider serves other systems too); none left
 * is no role, and two different roles of ours are refused rather than one picked.
 */
export function roleOf(claim: unknown, roleMap: OidcConfig['roleMap']): string | undefined {
  const values = typeof claim === 'string' ? claim.split(/\s+/).filter(Boolean) : Array.isArray(claim) ? claim.filter((v): v is string => typeof v === 'string') : [];
  const ours = new Set(values.filter((v) => Object.hasOwn(roleMap, v)).map((v) => roleMap[v]!));
  if (ours.size > 1) throw new InvalidTokenError(`登录凭证含有多个本系统角色（${[...ours].join('、')}），请联系管理员在统一身份认证中只保留一个`);
  return [...ours][0];
}

/** The actor of a verified token of the provider, through the configured claim names and role map. */
export function actorFromOidcClaims(claims: Readonly<Record<string, unknown>>, names: OidcClaimNames, roleMap: OidcConfig['roleMap']): Actor {
  const role = roleOf(claimAt(claims, names.role), roleMap);
  if (!role) throw new InvalidTokenError('您的统一身份认证账号没有本系统的角色，请联系管理员');
  const one = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  return actorOf({
    sub: claimAt(claims, names.subject),
    role,
    departmentId: one(claimAt(claims, names.department)),
    unitId: one(claimAt(claims, names.unit)),
    name: claimAt(claims, names.name),
    departmentIds: claimAt(claims, names.financeDepartments),
  });
}

export interface OidcVerifyOptions {
  readonly maxLifetimeSeconds?: number;
  readonly clockSkewSeconds?: number;
}

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/** The provider's discovery document (the parts we use). */
export interface ProviderMetadata {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint?: string;
  readonly userinfo_endpoint?: string;
  readonly end_session_endpoint?: string;
  readonly revocation_endpoint?: string;
  readonly code_challenge_methods_supported?: readonly string[];
}

/** `<issuer>/.well-known/openid-configuration`, whose `issuer` must be exactly the configured one. */
export async function discover(issuer: string, timeoutMs: number): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let answer: Response;
  try {
    answer = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (e) {
    throw new ProviderUnavailableError(`OpenID provider discovery at ${url} failed: ${(e as Error).message}`);
  }
  if (!answer.ok) throw new ProviderUnavailableError(`OpenID provider discovery at ${url} answered ${answer.status}`);
  const metadata = (await answer.json().catch(() => ({}))) as Partial<ProviderMetadata>;
  if (metadata.issuer !== issuer) throw new ProviderUnavailableError(`OpenID provider discovery at ${url} names the issuer "${String(metadata.issuer)}", not "${issuer}"`);
  if (typeof metadata.jwks_uri !== 'string') throw new ProviderUnavailableError(`OpenID provider discovery at ${url} has no jwks_uri`);
  return metadata as ProviderMetadata;
}

/**
 * The provider's metadata and keys, shared by everything of one process that verifies its tokens.
 * Discovery runs once (again after a failure); the key set is jose's remote JWKS: cached for
 * OIDC_JWKS_MAX_AGE_SECONDS, fetched again at once for an unknown `kid` but at most once per
 * OIDC_JWKS_COOLDOWN_SECONDS, so that tokens with made-up key ids cannot make us hammer the provider.
 */
export class OidcProvider {
  private metadata: Promise<ProviderMetadata> | undefined;
  private keySet: Promise<RemoteKeySet> | undefined;

  constructor(readonly config: OidcConfig) {}

  discovery(): Promise<ProviderMetadata> {
    this.metadata ??= discover(this.config.issuer, this.config.httpTimeoutMs).catch((e: unknown) => {
      this.metadata = undefined;
      throw e;
    });
    return this.metadata;
  }

  keys(): Promise<RemoteKeySet> {
    this.keySet ??= (this.config.jwksUri ? Promise.resolve(this.config.jwksUri) : this.discovery().then((m) => m.jwks_uri)).then(
      (uri) =>
        createRemoteJWKSet(new URL(uri), {
          timeoutDuration: this.config.httpTimeoutMs,
          cooldownDuration: this.config.jwksCooldownSeconds * 1000,
          cacheMaxAge: this.config.jwksMaxAgeSeconds * 1000,
        }),
      (e: unknown) => {
        this.keySet = undefined;
        throw e;
      },
    );
    return this.keySet;
  }

  /**
   * The verified payload of a token of this provider: signature by a published key with an accepted
   * asymmetric algorithm, issuer, audience, `exp` required, `nbf`, and the lifetime cap and skew of
   * every other token. Throws InvalidTokenError (401) or ProviderUnavailableError (503).
   */
  async verify(token: string, audience: string, opts: OidcVerifyOptions & { readonly typ?: string } = {}): Promise<JWTPayload> {
    // Another issuer is refused before anything is fetched: nobody makes us look up keys for them.
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new InvalidTokenError('登录凭证无效');
    }
    if (unverified.iss !== this.config.issuer) throw new InvalidTokenError('登录凭证无效');
    const keys = await this.keys().catch((e: unknown) => {
      throw new ProviderUnavailableError((e as Error).message);
    });
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.config.issuer,
        audience,
        algorithms: [...this.config.algorithms],
        clockTolerance: opts.clockSkewSeconds ?? 60,
        requiredClaims: ['exp'],
        ...(opts.typ ? { typ: opts.typ } : {}),
      }));
    } catch (e) {
      throw tokenError(e);
    }
    checkLifetime(payload, opts);
    return payload;
  }

  /** The actor of an access token meant for `audience` (the services' OIDC_AUDIENCE). */
  async actorOf(token: string, opts: OidcVerifyOptions = {}): Promise<Actor> {
    const payload = await this.verify(token, this.config.audience, { ...opts, ...(this.config.tokenType ? { typ: this.config.tokenType } : {}) });
    return actorFromOidcClaims(payload, this.config.claims, this.config.roleMap);
  }
}

function tokenError(e: unknown): Error {
  if (e instanceof joseErrors.JWTExpired) return new InvalidTokenError('登录凭证已过期，请重新登录');
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf') return new InvalidTokenError('登录凭证尚未生效');
    if (e.claim === 'aud') return new InvalidTokenError('登录凭证不是签发给本系统的');
    if (e.claim === 'iat') return new InvalidTokenError('登录凭证的签发时间无效');
    if (e.claim === 'exp') return new InvalidTokenError('登录凭证缺少有效期（exp），请重新登录');
    return new InvalidTokenError('登录凭证无效');
  }
  if (e instanceof joseErrors.JWKSNoMatchingKey) return new InvalidTokenError('登录凭证的签名密钥未知，请重新登录');
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) return new ProviderUnavailableError(e.message);
  if (e instanceof joseErrors.JOSEError) return new InvalidTokenError('登录凭证无效');
  // Anything else is the key set's fetch failing (refused, reset, not JSON): the provider, not the token.
  return new ProviderUnavailableError(e instanceof Error ? e.message : String(e));
}

/**
 * One OidcProvider per configuration and process: the guard, the body check and the web server's
 * sign-in share metadata and keys, so a key rotation is noticed once.
 */
const providers = new Map<string, OidcProvider>();
export function oidcProvider(config: OidcConfig): OidcProvider {
  const key = JSON.stringify(config);
  let provider = providers.get(key);
  if (!provider) {
    provider = new OidcProvider(config);
    providers.set(key, provider);
  }
  return provider;
}
