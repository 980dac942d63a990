import { loadConfig, type PlatformConfig } from '@budget/platform';

/** Settings of the web application's server, from the environment. */
export interface WebConfig {
  readonly port: number;
  readonly host: string;
  readonly production: boolean;
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
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function loadWebConfig(env: NodeJS.ProcessEnv, defaultStaticDir: string): WebConfig {
  const platform = loadConfig(env);
  const url = (name: string, port: number) => (env[name] ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  return {
    port: int(env, 'WEB_PORT', 3000),
    host: env.HOST ?? '127.0.0.1',
    production: env.NODE_ENV === 'production',
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
  };
}
