import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, ROLE_LABELS } from '@budget/domain';
import { actorFromOidcClaims, InvalidTokenError, oidcProvider, type OidcProvider, type ProviderMetadata, ProviderUnavailableError } from '@budget/platform';
import express, { type Request, type Response, type Router } from 'express';
import type { WebConfig, WebOidcConfig } from './config';
import { readCookie, SESSION_COOKIE, sessionCookie } from './http-security';
import { type TokenAnswer, TokenEndpointError } from './oidc-token-answer';
import type { ProviderTokens, Session, SessionStore } from './sessions';

/** The cookie that ties a started sign-in to this browser (Lax: it must come back with the provider's redirect). */
export const LOGIN_COOKIE = 'budget_login';
const LOGIN_COOKIE_PATH = '/auth/oidc';

/** Why a sign-in came back to the sign-in page; the page says it in words (labels/, SIGN_IN_ERRORS). */
export type SignInError = 'state' | 'denied' | 'role' | 'failed' | 'unavailable';

const b64url = (bytes: Buffer) => bytes.toString('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A path of this application to return to after sign-in; anything else (another site, `//host`) is `/`. */
export function localPath(raw: unknown): string {
  return typeof raw === 'string' && raw.length <= 512 && /^\/(?![/\\])[^\s\\]*$/.test(raw) && !raw.startsWith('/auth/') ? raw : '/';
}

function loginCookie(value: string, opts: { maxAgeSeconds: number; secure: boolean }): string {
  return [`${LOGIN_COOKIE}=${value}`, `Path=${LOGIN_COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${opts.maxAgeSeconds}`, ...(opts.secure ? ['Secure'] : [])].join('; ');
}

/**
 * The web server as a client of the organisation's provider: authorization code with PKCE (S256),
 * `state` and `nonce` checked, the pending sign-in kept in Redis for a few minutes, the ID token
 * verified against the provider's keys, and the provider's access token kept in the session (never in
 * the browser) and forwarded to the services, which verify it themselves. The session's person is
 * what the access token says, through the same claim mapping as the services', so that the screen
 * and the services agree on who this is.
 */
export class OidcSignIn {
  readonly provider: OidcProvider;

  constructor(
    private readonly config: WebOidcConfig,
    private readonly sessions: SessionStore,
    private readonly secureCookies: boolean,
    private readonly sessionMaxSeconds: number,
  ) {
    this.provider = oidcProvider(config.provider);
  }

  private async endpoints(): Promise<ProviderMetadata & { readonly authorization_endpoint: string; readonly token_endpoint: string }> {
    const metadata = await this.provider.discovery();
    if (!metadata.authorization_endpoint || !metadata.token_endpoint) throw new ProviderUnavailableError('the provider advertises no authorization or token endpoint');
    if (metadata.code_challenge_methods_supported && !metadata.code_challenge_methods_supported.includes('S256')) {
      throw new ProviderUnavailableError('the provider does not support PKCE with S256');
    }
    return metadata as ProviderMetadata & { authorization_endpoint: string; token_endpoint: string };
  }

  /** GET /auth/oidc/login: a new pending sign-in and the redirect to the provider. */
  async start(req: Request, res: Response): Promise<void> {
    let endpoints: Awaited<ReturnType<OidcSignIn['endpoints']>>;
    try {
      endpoints = await this.endpoints();
    } catch (e) {
      process.stderr.write(`sign-in: the provider is unavailable: ${(e as Error).message}\n`);
      return this.backToLogin(res, 'unavailable');
    }
    const state = b64url(randomBytes(32));
    const nonce = b64url(randomBytes(32));
    const codeVerifier = b64url(randomBytes(32));
    await this.sessions.putLogin(state, { nonce, codeVerifier, returnTo: localPath(req.query.returnTo), createdAt: Date.now() }, this.config.loginTtlSeconds);
    const url = new URL(endpoints.authorization_endpoint);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes,
      state,
      nonce,
      code_challenge: b64url(createHash('sha256').update(codeVerifier).digest()),
      code_challenge_method: 'S256',
      ...(this.config.resource ? { resource: this.config.resource } : {}),
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    res.setHeader('Set-Cookie', loginCookie(state, { maxAgeSeconds: this.config.loginTtlSeconds, secure: this.secureCookies }));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, url.href);
  }

  /** GET /auth/oidc/callback: the provider's answer, checked, becomes a session. */
  async callback(req: Request, res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const clear = loginCookie('', { maxAgeSeconds: 0, secure: this.secureCookies });
    const query = req.query as Record<string, unknown>;
    const state = typeof query.state === 'string' ? query.state : '';
    const bound = readCookie(req, LOGIN_COOKIE);
    // The state must be the one this browser started with (a link with someone else's code is no sign-in)
    // and still pending (once: a replayed answer finds nothing).
    const pending = bound && state && sameText(bound, state) ? await this.sessions.takeLogin(state) : undefined;
    if (!pending) {
      // An answer that is not this browser's: its own pending sign-in is given up too (start again).
      if (bound) await this.sessions.takeLogin(bound);
      return this.backToLogin(res, 'state', clear);
    }
    if (typeof query.error === 'string') {
      process.stderr.write(`sign-in: the provider answered ${query.error.slice(0, 100)}\n`);
      return this.backToLogin(res, 'denied', clear);
    }
    if (typeof query.code !== 'string' || query.code === '') return this.backToLogin(res, 'failed', clear);
    // RFC 9207: a provider that names itself must be ours (mix-up defence).
    if (query.iss !== undefined && query.iss !== this.config.provider.issuer) return this.backToLogin(res, 'failed', clear);

    let actor: Actor;
    let tokens: ProviderTokens;
    try {
      const answer = await this.tokenRequest({ grant_type: 'authorization_code', code: query.code, redirect_uri: this.config.redirectUri, code_verifier: pending.codeVerifier });
      if (!answer.id_token) throw new InvalidTokenError('the provider answered without an ID token');
      const idClaims = await this.verifyIdToken(answer.id_token, pending.nonce);
      ({ actor, tokens } = await this.sessionTokens(answer, idClaims.sub));
    } catch (e) {
      const role = e instanceof InvalidTokenError && /角色/.test(e.message);
      process.stderr.write(`sign-in: refused: ${(e as Error).message}\n`);
      return this.backToLogin(res, role ? 'role' : e instanceof ProviderUnavailableError ? 'unavailable' : 'failed', clear);
    }
    const old = readCookie(req, SESSION_COOKIE);
    if (old) await this.sessions.destroy(old);
    const session = await this.sessions.create(actor, 'oidc', Date.now(), tokens);
    res.setHeader('Set-Cookie', [clear, sessionCookie(session.id, { maxAgeSeconds: this.sessionMaxSeconds, secure: this.secureCookies })]);
    res.redirect(303, pending.returnTo);
  }

  /** The ID token: the provider's signature, issuer, audience (this client), expiry, and the nonce of this sign-in. */
  private async verifyIdToken(idToken: string, nonce: string): Promise<{ sub: string }> {
    const claims = await this.provider.verify(idToken, this.config.clientId, { clockSkewSeconds: 60 });
    if (typeof claims.nonce !== 'string' || !sameText(claims.nonce, nonce)) throw new InvalidTokenError('the ID token carries another nonce');
    if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== this.config.clientId) throw new InvalidTokenError('the ID token is for another party (azp)');
    if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidTokenError('the ID token has no subject');
    return { sub: claims.sub };
  }

  /**
   * The access token checked as the services will check it (the provider must issue JWT access tokens
   * for OIDC_AUDIENCE), for the same person as the ID token; its claims make the session's person.
   */
  private async sessionTokens(answer: TokenAnswer, subject: string | undefined, previous?: ProviderTokens): Promise<{ actor: Actor; tokens: ProviderTokens }> {
    if (!answer.access_token) throw new InvalidTokenError('the provider answered without an access token');
    if (answer.token_type && answer.token_type.toLowerCase() !== 'bearer') throw new InvalidTokenError(`the provider issued a ${answer.token_type} token, not a bearer token`);
    const { provider } = this.config;
    const claims = await this.provider.verify(answer.access_token, provider.audience, provider.tokenType ? { typ: provider.tokenType } : {});
    if (subject !== undefined && claims.sub !== subject) throw new InvalidTokenError('the access token is for another person than the ID token');
    const actor = actorFromOidcClaims(claims, provider.claims, provider.roleMap);
    const refreshToken = answer.refresh_token ?? previous?.refreshToken;
    const idToken = answer.id_token ?? previous?.idToken;
    return {
      actor,
      tokens: { accessToken: answer.access_token, expiresAt: (claims.exp as number) * 1000, ...(refreshToken ? { refreshToken } : {}), ...(idToken ? { idToken } : {}) },
    };
  }

  private async tokenRequest(params: Record<string, string>): Promise<TokenAnswer> {
    const { token_endpoint: endpoint } = await this.endpoints();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const body = new URLSearchParams(params);
    if (this.config.clientSecret !== undefined) {
      const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
      headers.authorization = `Basic ${Buffer.from(`${encode(this.config.clientId)}:${encode(this.config.clientSecret)}`).toString('base64')}`;
    } else {
      body.set('client_id', this.config.clientId);
    }
    if (this.config.resource && params.grant_type === 'refresh_token') body.set('resource', this.config.resource);
    let answer: globalThis.Response;
    try {
      answer = await fetch(endpoint, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(this.config.provider.httpTimeoutMs) });
    } catch (e) {
      throw new ProviderUnavailableError(`token endpoint: ${(e as Error).message}`);
    }
    const json = (await answer.json().catch(() => ({}))) as TokenAnswer;
    if (!answer.ok) {
      if (answer.status >= 500) throw new ProviderUnavailableError(`token endpoint answered ${answer.status}`);
      throw new TokenEndpointError(json.error ?? `http_${answer.status}`, `token endpoint answered ${answer.status} ${json.error ?? ''} ${json.error_description ?? ''}`.trim());
    }
    return json;
  }

  /**
   * The session with an access token the services will take: as it is while it is not close to its
   * expiry; refreshed (once across replicas, under a lock in Redis) when a refresh token was granted;
   * otherwise the session ends with the token. Undefined: no session any more.
   */
  async fresh(session: Session, now = Date.now()): Promise<Session | undefined> {
    const tokens = session.tokens;
    if (!tokens) return undefined;
    if (now < tokens.expiresAt - this.config.refreshMarginSeconds * 1000) return session;
    if (!tokens.refreshToken) {
      if (now < tokens.expiresAt) return session;
      await this.sessions.destroy(session.id);
      return undefined;
    }
    if (!(await this.sessions.lock(session.id, 15_000))) return this.refreshedElsewhere(session, now);
    try {
      const answer = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
      const { actor, tokens: renewed } = await this.sessionTokens(answer, undefined, tokens);
      if (actor.id !== session.actor.id) throw new InvalidTokenError('the refreshed token is for another person');
      const updated: Session = { ...session, actor, tokens: renewed };
      return (await this.sessions.update(updated)) ? updated : undefined;
    } catch (e) {
      process.stderr.write(`sign-in: refreshing the tokens failed: ${(e as Error).message}\n`);
      // The provider down for a moment: the token still holds until it expires. Anything else ends the session.
      if (e instanceof ProviderUnavailableError && now < tokens.expiresAt) return session;
      if (!(e instanceof ProviderUnavailableError)) await this.sessions.destroy(session.id);
      return undefined;
    } finally {
      await this.sessions.unlock(session.id);
    }
  }

  /** Another request (or replica) is refreshing this session: wait a little for its result. */
  private async refreshedElsewhere(session: Session, now: number): Promise<Session | undefined> {
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const current = await this.sessions.peek(session.id);
      if (!current?.tokens) return undefined;
      if (current.tokens.accessToken !== session.tokens?.accessToken) return current;
    }
    return now < (session.tokens?.expiresAt ?? 0) ? session : undefined;
  }

  /**
   * Sign-out at the provider too (RP-initiated logout), where it advertises end_session_endpoint: the
   * address the browser goes to next. The refresh token is revoked where a revocation endpoint exists.
   */
  async endSession(session: Session): Promise<string | undefined> {
    let metadata: ProviderMetadata;
    try {
      metadata = await this.provider.discovery();
    } catch {
      return undefined;
    }
    if (session.tokens?.refreshToken && metadata.revocation_endpoint) {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      const body = new URLSearchParams({ token: session.tokens.refreshToken, token_type_hint: 'refresh_token' });
      if (this.config.clientSecret !== undefined) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`).toString('base64')}`;
      else body.set('client_id', this.config.clientId);
      await fetch(metadata.revocation_endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.config.provider.httpTimeoutMs) }).catch(() => undefined);
    }
    if (!metadata.end_session_endpoint) return undefined;
    const url = new URL(metadata.end_session_endpoint);
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('post_logout_redirect_uri', this.config.postLogoutRedirectUri);
    if (session.tokens?.idToken) url.searchParams.set('id_token_hint', session.tokens.idToken);
    return url.href;
  }

  private backToLogin(res: Response, error: SignInError, cookie?: string): void {
    if (cookie) res.setHeader('Set-Cookie', cookie);
    res.redirect(303, `/login?error=${error}`);
  }

  routes(): Router {
    const router = express.Router();
    const handle = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => {
      fn(req, res).catch((e: unknown) => {
        process.stderr.write(`sign-in: ${(e as Error).stack ?? String(e)}\n`);
        if (!res.headersSent) this.backToLogin(res, 'failed');
      });
    };
    router.get('/oidc/login', handle((req, res) => this.start(req, res)));
    router.get('/oidc/callback', handle((req, res) => this.callback(req, res)));
    return router;
  }
}

export function sessionInfo(session: Session) {
  return { actor: session.actor, roleLabel: ROLE_LABELS[session.actor.role], csrfToken: session.csrfToken, via: session.via };
}

export function oidcSignIn(config: WebConfig, sessions: SessionStore): OidcSignIn | undefined {
  return config.oidc ? new OidcSignIn(config.oidc, sessions, config.production, config.sessionMaxSeconds) : undefined;
}
