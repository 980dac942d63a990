import type { Actor } from '@budget/domain';
import { decodeProtectedHeader } from 'jose';
import type { OidcConfig } from '../config';
import { InvalidTokenError, verifyToken } from './jwt';
import { oidcProvider, type OidcProvider } from './oidc';

export interface TokenVerifierOptions {
  /** HS256 (development and tests only, see jwtSecret); undefined: HS256 is refused. */
  readonly secret: string | undefined;
  readonly issuer: string;
  /** The organisation's provider; undefined: only HS256. */
  readonly oidc?: OidcConfig | undefined;
  readonly maxLifetimeSeconds?: number;
  readonly clockSkewSeconds?: number;
}

/**
 * Turns a bearer token into an actor. An HS256 token is checked at once, synchronously (no promise,
 * no await: the development path and the tests stay as fast as before); a token of the provider
 * (RS256, ES256, …) returns a promise, because its key may have to be fetched first. The header's
 * `alg` only chooses the path: each path accepts its own algorithms alone, so an HS256 token made
 * with the provider's public key as secret, or an unsigned one, is refused by both.
 */
export class TokenVerifier {
  readonly provider: OidcProvider | undefined;

  constructor(private readonly options: TokenVerifierOptions) {
    this.provider = options.oidc ? oidcProvider(options.oidc) : undefined;
  }

  verify(token: string): Actor | Promise<Actor> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new InvalidTokenError('登录凭证无效');
    }
    const { secret, issuer, maxLifetimeSeconds, clockSkewSeconds } = this.options;
    const opts = { ...(maxLifetimeSeconds !== undefined ? { maxLifetimeSeconds } : {}), ...(clockSkewSeconds !== undefined ? { clockSkewSeconds } : {}) };
    if (alg === 'HS256') {
      if (secret === undefined) throw new InvalidTokenError('登录凭证无效');
      return verifyToken(secret, issuer, token, opts);
    }
    if (this.provider && typeof alg === 'string' && (this.provider.config.algorithms as readonly string[]).includes(alg)) {
      return this.provider.actorOf(token, opts);
    }
    throw new InvalidTokenError('登录凭证无效');
  }
}

/**
 * A request's token, verified once: the check before the body parsers (refuseAnonymousBodies) leaves
 * its result here, and the guard takes it instead of verifying the same token again.
 */
export const verifiedRequests = new WeakMap<object, { readonly token: string; readonly actor: Actor }>();

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: unknown): string | undefined {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
