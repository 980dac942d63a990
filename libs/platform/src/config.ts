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
  };
  readonly redis: { readonly host: string; readonly port: number };
  readonly kafka: {
    readonly brokers: string[];
    readonly topics: { readonly targets: string; readonly reviews: string; readonly deadLetter: string };
    /** Put before every consumer group id: stacks sharing a broker (tests, benchmarks) never share a group. */
    readonly groupPrefix: string;
  };
  readonly jwt: {
    readonly secret: string;
    readonly issuer: string;
    /** Longest accepted `exp - iat` of a token (JWT_MAX_LIFETIME_SECONDS, default 8 h). */
    readonly maxLifetimeSeconds: number;
    /** Clock difference tolerated on `exp`, `nbf` and `iat` (JWT_CLOCK_SKEW_SECONDS, default 60 s). */
    readonly clockSkewSeconds: number;
  };
  /** Requests per user and minute (RATE_LIMIT_WRITES_PER_MINUTE, …_IMPORTS_…, …_EXPORTS_…). */
  readonly rateLimits: { readonly writesPerMinute: number; readonly importsPerMinute: number; readonly exportsPerMinute: number };
  readonly ports: { readonly intake: number; readonly review: number; readonly reporting: number };
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

/** The HS256 secret: JWT_SECRET of at least 32 bytes, or the committed one in development and tests only. */
export function jwtSecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.JWT_SECRET ?? (isDevelopmentMode(env) ? DEV_JWT_SECRET : undefined);
  if (secret === undefined) {
    throw new Error('JWT_SECRET is not set: set it (at least 32 bytes), or set NODE_ENV=development to use the development secret');
  }
  if (Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_BYTES) {
    throw new Error(`JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes long`);
  }
  if (secret === DEV_JWT_SECRET && !isDevelopmentMode(env)) {
    throw new Error('JWT_SECRET is the committed development secret: it is accepted only with NODE_ENV=development or test');
  }
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const secret = jwtSecret(env);
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
    },
    redis: { host: env.REDIS_HOST ?? '127.0.0.1', port: intVar('REDIS_PORT', 6379) },
    kafka: {
      brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean),
      // A prefix lets a test run use its own topics on a shared broker.
      topics: {
        targets: `${env.KAFKA_TOPIC_PREFIX ?? ''}budget.targets`,
        reviews: `${env.KAFKA_TOPIC_PREFIX ?? ''}budget.reviews`,
        deadLetter: `${env.KAFKA_TOPIC_PREFIX ?? ''}budget.deadletter`,
      },
      groupPrefix: env.KAFKA_GROUP_PREFIX ?? env.KAFKA_TOPIC_PREFIX ?? '',
    },
    jwt: {
      secret,
      issuer: env.JWT_ISSUER ?? 'budget-performance-targets',
      maxLifetimeSeconds: intVar('JWT_MAX_LIFETIME_SECONDS', DEFAULT_JWT_MAX_LIFETIME_SECONDS),
      clockSkewSeconds: intVar('JWT_CLOCK_SKEW_SECONDS', DEFAULT_JWT_CLOCK_SKEW_SECONDS, 0),
    },
    rateLimits: {
      writesPerMinute: intVar('RATE_LIMIT_WRITES_PER_MINUTE', 300),
      importsPerMinute: intVar('RATE_LIMIT_IMPORTS_PER_MINUTE', 20),
      exportsPerMinute: intVar('RATE_LIMIT_EXPORTS_PER_MINUTE', 60),
    },
    ports: { intake: intVar('INTAKE_PORT', 3001), review: intVar('REVIEW_PORT', 3002), reporting: intVar('REPORTING_PORT', 3003) },
  };
}

/** The consumer group `name` (e.g. `review`) of this deployment: KAFKA_GROUP_PREFIX (default KAFKA_TOPIC_PREFIX) + name. */
export function consumerGroup(config: Pick<PlatformConfig, 'kafka'>, name: string): string {
  return `${config.kafka.groupPrefix}${name}`;
}
