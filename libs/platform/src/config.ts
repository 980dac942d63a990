/** Settings shared by the services, from the environment, with defaults that fit `npm start` on one machine. */
export interface PlatformConfig {
  readonly postgres: { readonly host: string; readonly port: number; readonly user: string; readonly password: string | undefined; readonly database: string; readonly poolSize: number };
  readonly redis: { readonly host: string; readonly port: number };
  readonly kafka: {
    readonly brokers: string[];
    readonly topics: { readonly targets: string; readonly reviews: string; readonly deadLetter: string };
    /** Put before every consumer group id: stacks sharing a broker (tests, benchmarks) never share a group. */
    readonly groupPrefix: string;
  };
  readonly jwt: { readonly secret: string; readonly issuer: string };
  readonly ports: { readonly intake: number; readonly review: number; readonly reporting: number };
}

export const DEV_JWT_SECRET = 'budget-dev-secret-change-me';

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const secret = env.JWT_SECRET ?? DEV_JWT_SECRET;
  if (env.NODE_ENV === 'production' && secret === DEV_JWT_SECRET) {
    throw new Error('JWT_SECRET must be set in production');
  }
  return {
    postgres: {
      host: env.PGHOST ?? '127.0.0.1',
      port: int('PGPORT', 5432),
      user: env.PGUSER ?? 'postgres',
      password: env.PGPASSWORD,
      database: env.PGDATABASE ?? 'budget',
      poolSize: int('PG_POOL_SIZE', 10),
    },
    redis: { host: env.REDIS_HOST ?? '127.0.0.1', port: int('REDIS_PORT', 6379) },
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
    jwt: { secret, issuer: env.JWT_ISSUER ?? 'budget-performance-targets' },
    ports: { intake: int('INTAKE_PORT', 3001), review: int('REVIEW_PORT', 3002), reporting: int('REPORTING_PORT', 3003) },
  };
}

/** The consumer group `name` (e.g. `review`) of this deployment: KAFKA_GROUP_PREFIX (default KAFKA_TOPIC_PREFIX) + name. */
export function consumerGroup(config: Pick<PlatformConfig, 'kafka'>, name: string): string {
  return `${config.kafka.groupPrefix}${name}`;
}
