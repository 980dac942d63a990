import { type NotificationsConfig, parseAllowList, resolveNotificationsConfig } from '@budget/notifications';
import type { PlatformConfig } from '@budget/platform';
import { REVIEW_SCHEMA } from '../infrastructure/review.repository';

function int(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return n;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The notification pipeline's settings from the environment (see README, "Configuration"). */
export function notificationsConfig(platform: PlatformConfig, env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const leadMinutes = int(env, 'REMINDER_LEAD_MINUTES');
  return resolveNotificationsConfig({
    schema: REVIEW_SCHEMA,
    queuePrefix: env.NOTIFICATIONS_QUEUE_PREFIX || 'budget',
    redis: defined({ host: platform.redis.host, port: platform.redis.port, password: platform.redis.password, username: platform.redis.username, tls: platform.redis.tls, db: int(env, 'REDIS_DB') }),
    smtp: defined({
      host: env.SMTP_HOST || undefined,
      port: int(env, 'SMTP_PORT'),
      secure: env.SMTP_SECURE === undefined ? undefined : env.SMTP_SECURE === 'true',
      user: env.SMTP_USER || undefined,
      password: env.SMTP_PASSWORD || undefined,
      from: env.SMTP_FROM || undefined,
    }),
    webhook: {
      ...defined({ attempts: int(env, 'WEBHOOK_ATTEMPTS'), backoffMs: int(env, 'WEBHOOK_BACKOFF_MS'), timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS') }),
      allow: parseAllowList(env.WEBHOOK_ALLOWED_TARGETS),
      requireHttps: env.NODE_ENV === 'production',
    },
    email: defined({ attempts: int(env, 'EMAIL_ATTEMPTS'), backoffMs: int(env, 'EMAIL_BACKOFF_MS') }),
    ...(leadMinutes !== undefined ? { reminderLeadMs: leadMinutes * 60_000 } : {}),
  });
}
