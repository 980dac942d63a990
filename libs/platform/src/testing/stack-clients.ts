import type { ClientConfig } from 'pg';
import { loadConfig, type PlatformConfig } from '../config';
import { pgSslOption } from '../database/postgres';
import { redisConnectionOptions } from '../redis';

// The e2e harness's own clients (databases, topics, Redis) read the stack's settings with the services'
// own function, loadConfig: against a secured stack (PGSSLMODE/PGSSLROOTCERT, KAFKA_SSL/KAFKA_SASL_*,
// REDIS_PASSWORD/REDIS_TLS…, see the README) the suite connects as the services do. Relative imports
// only: the e2e global setup loads this file without the path aliases.

let settings: PlatformConfig | undefined;

/** loadConfig of this process's environment, once. */
export function stackSettings(): PlatformConfig {
  settings ??= loadConfig(process.env);
  return settings;
}

/** pg's options for `database` on the stack's server (host, port, user, password, TLS). */
export function pgClientConfig(database: string): ClientConfig {
  const pg = stackSettings().postgres;
  return { host: pg.host, port: pg.port, user: pg.user, password: pg.password, database, ...pgSslOption(pg) };
}

/** ioredis' connection options for the stack's Redis (password, ACL user, TLS when set). */
export function stackRedisOptions(): ReturnType<typeof redisConnectionOptions> {
  return redisConnectionOptions(stackSettings().redis);
}
