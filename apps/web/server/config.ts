import { isDevelopmentMode, loadConfig, type OidcConfig, type PlatformConfig } from '@budget/platform';

/** Settings of the web application's server, from the environment. */
export interface WebConfig {
  readonly port: number;
  readonly host: string;
  readonly production: boolean;
  /** NODE_ENV=development or test: only then the password-less development sign-in exists. */
  readonly development: boolean;
  /** Where the built application lies (vite build output). */
  readonly staticDir: string;
  readonly services: { readonly intake: string; readonly review: string; readonly reporting: string };
  readonly jwt: PlatformConfig['jwt'];
  readonly redis: PlatformConfig['redis'];
  /** Idle time after which a session ends, and the longest a session lives at all. */
  readonly sessionIdleSeconds: number;
  readonly sessionMaxSeconds: number;
  /** Lifetime of the bearer tokens the server mints for the services, per request. */
  readonly serviceTokenSeconds: number;
  readonly sessionPrefix: string;
  /** Sign-in through the organisation's OpenID Connect provider (required in production). */
  readonly oidc: WebOidcConfig | undefined;
}

/**
 * The web server as a client of the provider (authorization code with PKCE). The provider itself,
 * claim names and role map are the services' settings (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLAIM_*, …).
 */
export interface WebOidcConfig {
  readonly provider: OidcConfig;
  /** OIDC_CLIENT_ID: this application as registered at the provider. */
  readonly clientId: string;
  /** OIDC_CLIENT_SECRET: a confidential client's secret (client_secret_basic); unset, a public client (PKCE alone). */
  readonly clientSecret: string | undefined;
  /** OIDC_REDIRECT_URI: https://<this server>/auth/oidc/callback, as registered at the provider. */
  readonly redirectUri: string;
  /** OIDC_SCOPES (default `openid profile`; add `offline_access` where the provider needs it for refresh tokens). */
  readonly scopes: string;
  /** OIDC_RESOURCE: a resource indicator (RFC 8707) sent with the request, for providers that pick the access token's audience by it. */
  readonly resource: string | undefined;
  /** OIDC_POST_LOGOUT_REDIRECT_URI: where the provider sends the person after signing out (default: the sign-in page). */
  readonly postLogoutRedirectUri: string;
  /** OIDC_REFRESH_MARGIN_SECONDS: an access token this close to its expiry is refreshed before it is forwarded (default 60). */
  readonly refreshMarginSeconds: number;
  /** OIDC_LOGIN_TTL_SECONDS: how long a started sign-in waits for the provider's answer (default 600). */
  readonly loginTtlSeconds: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}"`);
  return n;
}

function webOidcConfig(env: NodeJS.ProcessEnv, provider: OidcConfig | undefined, production: boolean, origin: string): WebOidcConfig | undefined {
  const clientId = env.OIDC_CLIENT_ID?.trim();
  if (!provider || !clientId) {
    if (production) throw new Error('OIDC_CLIENT_ID is not set: in production the web application signs in through the OpenID Connect provider (see the README, "Sign-in in production")');
    return undefined;
  }
  const redirectUri = env.OIDC_REDIRECT_URI?.trim() || (production ? undefined : `${origin}/auth/oidc/callback`);
  if (!redirectUri) throw new Error('OIDC_REDIRECT_URI is not set: the address of /auth/oidc/callback as the browser reaches it, registered at the provider');
  if (!redirectUri.endsWith('/auth/oidc/callback')) throw new Error(`OIDC_REDIRECT_URI must end with /auth/oidc/callback, got "${redirectUri}"`);
  const scopes = env.OIDC_SCOPES?.trim() || 'openid profile';
  if (!scopes.split(/\s+/).includes('openid')) throw new Error('OIDC_SCOPES must include openid');
  return {
    provider,
    clientId,
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    redirectUri,
    scopes,
    resource: env.OIDC_RESOURCE?.trim() || undefined,
    postLogoutRedirectUri: env.OIDC_POST_LOGOUT_REDIRECT_URI?.trim() || `${new URL(redirectUri).origin}/login`,
    refreshMarginSeconds: int(env, 'OIDC_REFRESH_MARGIN_SECONDS', 60),
    loginTtlSeconds: int(env, 'OIDC_LOGIN_TTL_SECONDS', 600),
  };
}

export function loadWebConfig(env: NodeJS.ProcessEnv, defaultStaticDir: string): WebConfig {
  const platform = loadConfig(env);
  const url = (name: string, port: number) => (env[name] ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  const production = env.NODE_ENV === 'production';
  const port = int(env, 'WEB_PORT', 3000);
  const host = env.HOST ?? '127.0.0.1';
  return {
    port,
    host,
    production,
    development: isDevelopmentMode(env),
    staticDir: env.WEB_STATIC_DIR ?? defaultStaticDir,
    services: {
      intake: url('INTAKE_URL', platform.ports.intake),
      review: url('REVIEW_URL', platform.ports.review),
      reporting: url('REPORTING_URL', platform.ports.reporting),
    },
    jwt: platform.jwt,
    redis: platform.redis,
    sessionIdleSeconds: int(env, 'WEB_SESSION_IDLE_SECONDS', 2 * 3600),
    sessionMaxSeconds: int(env, 'WEB_SESSION_MAX_SECONDS', 8 * 3600),
    serviceTokenSeconds: int(env, 'WEB_SERVICE_TOKEN_SECONDS', 300),
    sessionPrefix: env.WEB_SESSION_PREFIX ?? `${env.KAFKA_TOPIC_PREFIX ?? ''}web:session:`,
    oidc: webOidcConfig(env, platform.oidc, production, `http://${host}:${port}`),
  };
}
