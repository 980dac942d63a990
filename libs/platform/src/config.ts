import { readFileSync } from 'node:fs';
import type { Role } from '@budget/domain';

/** Settings shared by the services, from the environment, with defaults that fit `npm start` on one machine. */
export interface PlatformConfig {
  readonly postgres: {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password: string | undefined;
    readonly database: string;
    readonly poolSize: number;
    /** Longest a statement may run (PG_STATEMENT_TIMEOUT_MS, 0 = no limit). */
    readonly statementTimeoutMs: number;
    /** Longest a transaction may sit idle, e.g. behind a stalled export (PG_IDLE_IN_TRANSACTION_TIMEOUT_MS, 0 = no limit). */
    readonly idleInTransactionTimeoutMs: number;
    /** Longest a request waits for a pooled connection (PG_CONNECTION_TIMEOUT_MS). */
    readonly connectionTimeoutMs: number;
    /** Connections of the separate pool for heavy reads (exports, verification) where a service has one (PG_READ_POOL_SIZE). */
    readonly readPoolSize: number;
    /**
     * Whether the services keep statements prepared on their connections (PG_PREPARED_STATEMENTS, default
     * true): off behind a pooler that hands each transaction any server connection (PgBouncer in
     * transaction mode), where a statement prepared on one connection is unknown on the next.
     */
    readonly preparedStatements: boolean;
    /** pg's `ssl` option from PGSSLMODE/PGSSLROOTCERT; absent when PGSSLMODE is not set (see postgresSsl). */
    readonly ssl?: PostgresSsl;
  };
  /** `password`, `username` and `tls` are present only when REDIS_PASSWORD, REDIS_USERNAME, REDIS_TLS are set. */
  readonly redis: { readonly host: string; readonly port: number; readonly password?: string; readonly username?: string; readonly tls?: RedisTls };
  readonly kafka: {
    readonly brokers: string[];
    /** kafkajs' `ssl` (KAFKA_SSL, KAFKA_SSL_CA_FILE); absent unless KAFKA_SSL=true. */
    readonly ssl?: true | TlsSettings;
    /** kafkajs' `sasl` (KAFKA_SASL_*); absent unless KAFKA_SASL_MECHANISM is set. */
    readonly sasl?: KafkaSasl;
    readonly topics: { readonly targets: string; readonly reviews: string; readonly deadLetter: string };
    /** Put before every consumer group id: stacks sharing a broker (tests, benchmarks) never share a group. */
    readonly groupPrefix: string;
    /** Partitions of the topics (KAFKA_PARTITIONS, default 12): the most replicas a consumer group can spread over. */
    readonly partitions: number;
    /**
     * How long the group coordinator waits for a consumer that stopped heartbeating before it hands its
     * partitions to the others (KAFKA_SESSION_TIMEOUT_MS, default 30000, kafkajs' own default).
     */
    readonly sessionTimeoutMs: number;
  };
  readonly jwt: {
    /** The HS256 secret, in development and tests only (NODE_ENV=development or test); absent in every other mode. */
    readonly secret: string | undefined;
    readonly issuer: string;
    /** Longest accepted `exp - iat` of a token (JWT_MAX_LIFETIME_SECONDS, default 8 h). */
    readonly maxLifetimeSeconds: number;
    /** Clock difference tolerated on `exp`, `nbf` and `iat` (JWT_CLOCK_SKEW_SECONDS, default 60 s). */
    readonly clockSkewSeconds: number;
  };
  /** The organisation's OpenID Connect provider whose access tokens the services accept (required in production). */
  readonly oidc: OidcConfig | undefined;
  /**
   * Requests per user and minute (RATE_LIMIT_WRITES_PER_MINUTE, …_IMPORTS_…, …_EXPORTS_…), counted in Redis
   * so that every process of a deployment spends one budget (RATE_LIMIT_STORE=redis, the default; `memory`
   * counts per process), under keys starting with RATE_LIMIT_KEY_PREFIX (default KAFKA_TOPIC_PREFIX +
   * `budget:rate-limit:`, so a deployment or test run sharing a Redis has its own counters).
   */
  readonly rateLimits: {
    readonly writesPerMinute: number;
    readonly importsPerMinute: number;
    readonly exportsPerMinute: number;
    readonly store: RateLimitStore;
    readonly keyPrefix: string;
  };
  readonly ports: { readonly intake: number; readonly review: number; readonly reporting: number };
}

/**
 * The organisation's identity provider, from OIDC_* variables (see the README, "Sign-in in production").
 * The services accept its RS256/ES256 access tokens, verified against its published keys (JWKS).
 */
export interface OidcConfig {
  /** OIDC_ISSUER: exactly the provider's `iss`, e.g. https://sso.example.gov.cn/realms/czj. */
  readonly issuer: string;
  /** OIDC_JWKS_URI: the key set's address; without it, `jwks_uri` of `<issuer>/.well-known/openid-configuration`. */
  readonly jwksUri: string | undefined;
  /** OIDC_AUDIENCE: the `aud` the provider puts in access tokens meant for these services. */
  readonly audience: string;
  /** OIDC_ALGORITHMS: accepted signature algorithms (default RS256,ES256; symmetric ones are never accepted). */
  readonly algorithms: readonly OidcAlgorithm[];
  /** OIDC_TOKEN_TYPE: when set, the `typ` header access tokens must carry (`at+jwt` for RFC 9068 providers). */
  readonly tokenType: string | undefined;
  /** Where our attributes are in the provider's claims (OIDC_CLAIM_*); a dotted name reads a nested claim. */
  readonly claims: OidcClaimNames;
  /** OIDC_ROLE_MAP: the provider's role value → our role (default: our role names as they are). */
  readonly roleMap: Readonly<Record<string, Exclude<Role, 'system'>>>;
  /** OIDC_JWKS_MAX_AGE_SECONDS: how long fetched keys are used before the set is fetched again (default 600). */
  readonly jwksMaxAgeSeconds: number;
  /** OIDC_JWKS_COOLDOWN_SECONDS: the least time between two fetches caused by an unknown `kid` (default 30). */
  readonly jwksCooldownSeconds: number;
  /** OIDC_HTTP_TIMEOUT_MS: discovery and key set requests (default 5000). */
  readonly httpTimeoutMs: number;
}

export interface OidcClaimNames {
  /** OIDC_CLAIM_ROLE (default `role`): a string or a list of strings, each looked up in the role map. */
  readonly role: string;
  /** OIDC_CLAIM_DEPARTMENT (default `departmentId`). */
  readonly department: string;
  /** OIDC_CLAIM_UNIT (default `unitId`). */
  readonly unit: string;
  /** OIDC_CLAIM_FINANCE_DEPARTMENTS (default `departmentIds`): a finance reviewer's desk; absent, every department. */
  readonly financeDepartments: string;
  /** OIDC_CLAIM_NAME (default `name`). */
  readonly name: string;
  /** OIDC_CLAIM_SUBJECT (default `sub`): the person's id in the audit trail. */
  readonly subject: string;
}

export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type OidcAlgorithm = (typeof OIDC_ALGORITHMS)[number];
const SIGN_IN_ROLES: readonly Exclude<Role, 'system'>[] = ['unit_clerk', 'unit_head', 'department_reviewer', 'finance_reviewer', 'auditor', 'admin'];

/** The TLS settings these variables give (assignable to pg's, ioredis' and kafkajs' TLS options). */
export interface TlsSettings {
  /** CA certificate(s), PEM. Absent: the system's CAs. */
  readonly ca?: string;
  readonly rejectUnauthorized?: boolean;
  /** Set (to a no-op) when only the chain is checked, not the host name (verify-ca). */
  readonly checkServerIdentity?: () => undefined;
}

/** pg's `ssl`: false (PGSSLMODE=disable) or TLS options. */
export type PostgresSsl = false | TlsSettings;
/** ioredis' `tls`: an empty object is TLS with the system's CAs. */
export type RedisTls = TlsSettings;
export const RATE_LIMIT_STORES = ['redis', 'memory'] as const;
export type RateLimitStore = (typeof RATE_LIMIT_STORES)[number];

function rateLimitStore(env: NodeJS.ProcessEnv): RateLimitStore {
  const raw = env.RATE_LIMIT_STORE?.trim().toLowerCase() || 'redis';
  const store = RATE_LIMIT_STORES.find((s) => s === raw);
  if (store === undefined) throw new Error(`RATE_LIMIT_STORE must be redis or memory, got "${env.RATE_LIMIT_STORE}"`);
  return store;
}

export const KAFKA_SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;
export interface KafkaSasl {
  readonly mechanism: (typeof KAFKA_SASL_MECHANISMS)[number];
  readonly username: string;
  readonly password: string;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`Environment variable ${name} must be true or false, got "${env[name]}"`);
}

function pemFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${name}: cannot read the certificate file "${path}" (${(e as Error).message})`);
  }
}

/**
 * PGSSLMODE (libpq's names) as pg's `ssl` option, for every pool including TypeORM's. Unset: undefined,
 * and nothing is passed (pg then behaves as before). `require` encrypts without checking the server's
 * certificate, as libpq does, unless PGSSLROOTCERT is given (then as verify-ca); `verify-ca` checks the
 * chain against PGSSLROOTCERT; `verify-full` also checks the host name (system CAs without PGSSLROOTCERT).
 * `allow`/`prefer` fall back to plaintext in libpq, which pg cannot do: refused.
 */
export function postgresSsl(env: NodeJS.ProcessEnv = process.env): PostgresSsl | undefined {
  const mode = env.PGSSLMODE?.trim();
  const rootCertPath = env.PGSSLROOTCERT?.trim() || undefined;
  if (!mode) {
    if (rootCertPath) throw new Error('PGSSLROOTCERT is set but PGSSLMODE is not: set PGSSLMODE=verify-full (or verify-ca, require)');
    return undefined;
  }
  const ca = rootCertPath === undefined ? undefined : pemFile('PGSSLROOTCERT', rootCertPath);
  switch (mode) {
    case 'disable':
      if (rootCertPath) throw new Error('PGSSLROOTCERT is set but PGSSLMODE=disable turns TLS off');
      return false;
    case 'require':
      return ca === undefined ? { rejectUnauthorized: false } : { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-ca':
      if (ca === undefined) throw new Error('PGSSLMODE=verify-ca needs PGSSLROOTCERT: the CA certificate (PEM) that signed the server\'s');
      return { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return ca === undefined ? { rejectUnauthorized: true } : { ca, rejectUnauthorized: true };
    default:
      throw new Error(`PGSSLMODE must be one of disable, require, verify-ca, verify-full, got "${mode}" (allow and prefer are not supported: they fall back to plaintext)`);
  }
}

/** REDIS_PASSWORD, REDIS_USERNAME (an ACL user; needs the password), REDIS_TLS (+ REDIS_TLS_CA_FILE). */
export function redisAuth(env: NodeJS.ProcessEnv = process.env): { password?: string; username?: string; tls?: RedisTls } {
  const password = env.REDIS_PASSWORD || undefined;
  const username = env.REDIS_USERNAME || undefined;
  if (username !== undefined && password === undefined) throw new Error('REDIS_USERNAME is set without REDIS_PASSWORD: an ACL user needs its password');
  const tls = bool(env, 'REDIS_TLS');
  const caFile = env.REDIS_TLS_CA_FILE?.trim() || undefined;
  if (caFile !== undefined && tls !== true) throw new Error('REDIS_TLS_CA_FILE is set but REDIS_TLS is not true');
  return {
    ...(password === undefined ? {} : { password }),
    ...(username === undefined ? {} : { username }),
    ...(tls === true ? { tls: caFile === undefined ? {} : { ca: pemFile('REDIS_TLS_CA_FILE', caFile) } } : {}),
  };
}

/**
 * KAFKA_SSL (+ KAFKA_SSL_CA_FILE) and KAFKA_SASL_MECHANISM/USERNAME/PASSWORD as kafkajs' `ssl` and `sasl`.
 * In production, SASL PLAIN without TLS is refused: PLAIN sends the password itself over the wire,
 * readable by anyone on the path (SCRAM sends only a proof, so it is accepted without TLS).
 */
export function kafkaSecurity(env: NodeJS.ProcessEnv = process.env): { ssl?: true | TlsSettings; sasl?: KafkaSasl } {
  const ssl = bool(env, 'KAFKA_SSL');
  const caFile = env.KAFKA_SSL_CA_FILE?.trim() || undefined;
  if (caFile !== undefined && ssl !== true) throw new Error('KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true');
  const mechanism = env.KAFKA_SASL_MECHANISM?.trim().toLowerCase() || undefined;
  const username = env.KAFKA_SASL_USERNAME || undefined;
  const password = env.KAFKA_SASL_PASSWORD || undefined;
  let sasl: KafkaSasl | undefined;
  if (mechanism === undefined) {
    if (username !== undefined || password !== undefined) throw new Error('KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set without KAFKA_SASL_MECHANISM (scram-sha-256, scram-sha-512 or plain)');
  } else {
    const m = KAFKA_SASL_MECHANISMS.find((x) => x === mechanism);
    if (m === undefined) throw new Error(`KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}, got "${env.KAFKA_SASL_MECHANISM}"`);
    if (username === undefined || password === undefined) throw new Error(`KAFKA_SASL_MECHANISM=${m} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
    if (m === 'plain' && ssl !== true && isProductionMode(env)) {
      throw new Error('KAFKA_SASL_MECHANISM=plain without KAFKA_SSL=true is refused in production: PLAIN sends the password in clear text; enable TLS or use scram-sha-512');
    }
    sasl = { mechanism: m, username, password };
  }
  return {
    ...(ssl === true ? { ssl: caFile === undefined ? (true as const) : { ca: pemFile('KAFKA_SSL_CA_FILE', caFile) } } : {}),
    ...(sasl === undefined ? {} : { sasl }),
  };
}

/** True when NODE_ENV=production: OpenID Connect is required and HS256 tokens are refused. */
export function isProductionMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** OIDC_ROLE_MAP: `theirs=ours` pairs separated by commas (`:` works as well as `=`). */
export function parseRoleMap(raw: string | undefined): Readonly<Record<string, Exclude<Role, 'system'>>> {
  if (raw === undefined || raw.trim() === '') return Object.fromEntries(SIGN_IN_ROLES.map((r) => [r, r]));
  const map: Record<string, Exclude<Role, 'system'>> = {};
  for (const pair of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.search(/[=:](?=[^=:]*$)/);
    const theirs = at > 0 ? pair.slice(0, at).trim() : '';
    const ours = at > 0 ? pair.slice(at + 1).trim() : '';
    const role = SIGN_IN_ROLES.find((r) => r === ours);
    if (!theirs || !role) throw new Error(`OIDC_ROLE_MAP: "${pair}" is not "provider-role=our-role" with our role one of ${SIGN_IN_ROLES.join(', ')}`);
    if (Object.hasOwn(map, theirs) && map[theirs] !== role) throw new Error(`OIDC_ROLE_MAP: "${theirs}" is mapped twice`);
    map[theirs] = role;
  }
  return map;
}

function loopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** An https address (http only on this machine's loopback, as in the tests). */
function providerUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an absolute URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback(url.hostname))) {
    throw new Error(`${name} must use https (http only on 127.0.0.1 or localhost), got "${raw}"`);
  }
  return raw;
}

/** The provider's settings, or undefined when OIDC_ISSUER is not set. */
export function oidcConfig(env: NodeJS.ProcessEnv = process.env): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) {
    if (isProductionMode(env)) {
      throw new Error('OIDC_ISSUER is not set: in production (NODE_ENV=production) sign-in goes through the organisation\'s OpenID Connect provider; set OIDC_ISSUER and OIDC_AUDIENCE (see the README, "Sign-in in production")');
    }
    if (!isDevelopmentMode(env)) {
      throw new Error(`OIDC_ISSUER is not set: outside development and tests (NODE_ENV=${env.NODE_ENV ?? '(unset)'}) HS256 tokens are refused and sign-in goes through the organisation's OpenID Connect provider; set OIDC_ISSUER and OIDC_AUDIENCE, or NODE_ENV=development on a developer's machine`);
    }
    return undefined;
  }
  const audience = env.OIDC_AUDIENCE?.trim();
  if (!audience) throw new Error('OIDC_AUDIENCE is not set: the audience (aud) of the access tokens the provider issues for these services');
  const algorithms = (env.OIDC_ALGORITHMS ?? 'RS256,ES256').split(',').map((a) => a.trim()).filter(Boolean);
  for (const alg of algorithms) {
    if (!(OIDC_ALGORITHMS as readonly string[]).includes(alg)) throw new Error(`OIDC_ALGORITHMS: "${alg}" is not one of ${OIDC_ALGORITHMS.join(', ')} (symmetric algorithms are never accepted from a provider)`);
  }
  if (algorithms.length === 0) throw new Error('OIDC_ALGORITHMS is empty');
  const claim = (name: string, fallback: string) => env[name]?.trim() || fallback;
  return {
    issuer: providerUrl('OIDC_ISSUER', issuer),
    jwksUri: env.OIDC_JWKS_URI?.trim() ? providerUrl('OIDC_JWKS_URI', env.OIDC_JWKS_URI.trim()) : undefined,
    audience,
    algorithms: algorithms as OidcAlgorithm[],
    tokenType: env.OIDC_TOKEN_TYPE?.trim() || undefined,
    claims: {
      role: claim('OIDC_CLAIM_ROLE', 'role'),
      department: claim('OIDC_CLAIM_DEPARTMENT', 'departmentId'),
      unit: claim('OIDC_CLAIM_UNIT', 'unitId'),
      financeDepartments: claim('OIDC_CLAIM_FINANCE_DEPARTMENTS', 'departmentIds'),
      name: claim('OIDC_CLAIM_NAME', 'name'),
      subject: claim('OIDC_CLAIM_SUBJECT', 'sub'),
    },
    roleMap: parseRoleMap(env.OIDC_ROLE_MAP),
    jwksMaxAgeSeconds: int(env, 'OIDC_JWKS_MAX_AGE_SECONDS', 600),
    jwksCooldownSeconds: int(env, 'OIDC_JWKS_COOLDOWN_SECONDS', 30, 0),
    httpTimeoutMs: int(env, 'OIDC_HTTP_TIMEOUT_MS', 5000),
  };
}

/** Committed, so known to everyone: accepted only when NODE_ENV says development or test. */
export const DEV_JWT_SECRET = 'budget-dev-secret-for-local-development-only-change-me';
/** An HS256 key shorter than its 32-byte output can be guessed offline from one token. */
export const MIN_JWT_SECRET_BYTES = 32;
export const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 8 * 3600;
export const DEFAULT_JWT_CLOCK_SKEW_SECONDS = 60;

/** True when the process says it is a developer's machine or a test run; unset is neither. */
export function isDevelopmentMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'development' || env.NODE_ENV === 'test';
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`Environment variable ${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

/**
 * The HS256 secret: JWT_SECRET of at least 32 bytes, or the committed one, in development and tests
 * only (NODE_ENV=development or test). None anywhere else: production and any other mode (staging,
 * unset, …) accept only the provider's tokens, and a JWT_SECRET there is refused.
 */
export function jwtSecret(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isProductionMode(env)) {
    if (env.JWT_SECRET !== undefined) {
      throw new Error('JWT_SECRET is set, but production (NODE_ENV=production) accepts only the OpenID Connect provider\'s tokens: remove JWT_SECRET');
    }
    return undefined;
  }
  const development = isDevelopmentMode(env);
  const secret = env.JWT_SECRET ?? (development ? DEV_JWT_SECRET : undefined);
  if (secret === undefined) return undefined;
  if (Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_BYTES) {
    throw new Error(`JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes long`);
  }
  if (secret === DEV_JWT_SECRET && !development) {
    throw new Error('JWT_SECRET is the committed development secret: it is accepted only with NODE_ENV=development or test');
  }
  if (!development) {
    throw new Error(`JWT_SECRET is set, but HS256 tokens are accepted only with NODE_ENV=development or test (NODE_ENV=${env.NODE_ENV ?? '(unset)'}): sign in through the OpenID Connect provider (OIDC_ISSUER) and remove JWT_SECRET`);
  }
  return secret;
}

/** The HS256 secret for code that mints development tokens; an error in production, where there is none. */
export function hs256Secret(jwt: PlatformConfig['jwt']): string {
  if (jwt.secret === undefined) throw new Error('HS256 tokens are not issued in production (NODE_ENV=production): sign in through the OpenID Connect provider');
  return jwt.secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const secret = jwtSecret(env);
  const pgSsl = postgresSsl(env);
  const oidc = oidcConfig(env);
  const intVar = (name: string, fallback: number, min?: number): number => int(env, name, fallback, min);
  return {
    postgres: {
      host: env.PGHOST ?? '127.0.0.1',
      port: intVar('PGPORT', 5432),
      user: env.PGUSER ?? 'postgres',
      password: env.PGPASSWORD,
      database: env.PGDATABASE ?? 'budget',
      poolSize: intVar('PG_POOL_SIZE', 10),
      statementTimeoutMs: intVar('PG_STATEMENT_TIMEOUT_MS', 120_000, 0),
      idleInTransactionTimeoutMs: intVar('PG_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 0),
      connectionTimeoutMs: intVar('PG_CONNECTION_TIMEOUT_MS', 10_000),
      readPoolSize: intVar('PG_READ_POOL_SIZE', 4),
      preparedStatements: bool(env, 'PG_PREPARED_STATEMENTS') ?? true,
      ...(pgSsl === undefined ? {} : { ssl: pgSsl }),
    },
    redis: { host: env.REDIS_HOST ?? '127.0.0.1', port: intVar('REDIS_PORT', 6379), ...redisAuth(env) },
    kafka: {
      brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean),
      ...kafkaSecurity(env),
      // A prefix lets a test run use its own topics on a shared broker.
      topics: {
        targets: `${env.KAFKA_TOPIC_PREFIX ?? ''}budget.targets`,
        reviews: `${env.KAFKA_TOPIC_PREFIX ?? ''}budget.reviews`,
        deadLetter: `${env.KAFKA_TOPIC_PREFIX ?? ''}budget.deadletter`,
      },
      groupPrefix: env.KAFKA_GROUP_PREFIX ?? env.KAFKA_TOPIC_PREFIX ?? '',
      partitions: intVar('KAFKA_PARTITIONS', 12),
      sessionTimeoutMs: intVar('KAFKA_SESSION_TIMEOUT_MS', 30_000, 6_000),
    },
    jwt: {
      secret,
      issuer: env.JWT_ISSUER ?? 'budget-performance-targets',
      maxLifetimeSeconds: intVar('JWT_MAX_LIFETIME_SECONDS', DEFAULT_JWT_MAX_LIFETIME_SECONDS),
      clockSkewSeconds: intVar('JWT_CLOCK_SKEW_SECONDS', DEFAULT_JWT_CLOCK_SKEW_SECONDS, 0),
    },
    oidc,
    rateLimits: {
      writesPerMinute: intVar('RATE_LIMIT_WRITES_PER_MINUTE', 300),
      importsPerMinute: intVar('RATE_LIMIT_IMPORTS_PER_MINUTE', 20),
      exportsPerMinute: intVar('RATE_LIMIT_EXPORTS_PER_MINUTE', 60),
      store: rateLimitStore(env),
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX || `${env.KAFKA_TOPIC_PREFIX ?? ''}budget:rate-limit:`,
    },
    ports: { intake: intVar('INTAKE_PORT', 3001), review: intVar('REVIEW_PORT', 3002), reporting: intVar('REPORTING_PORT', 3003) },
  };
}

/** The consumer group `name` (e.g. `review`) of this deployment: KAFKA_GROUP_PREFIX (default KAFKA_TOPIC_PREFIX) + name. */
export function consumerGroup(config: Pick<PlatformConfig, 'kafka'>, name: string): string {
  return `${config.kafka.groupPrefix}${name}`;
}
