/**
 * Settings of the notification pipeline. The review service maps its environment onto this; the
 * variables we suggest (none is read here):
 *
 * | variable | field | default |
 * |---|---|---|
 * | `NOTIFICATIONS_SCHEMA` | `schema` | `review` |
 * | `NOTIFICATIONS_QUEUE_PREFIX` | `queuePrefix` | `budget` |
 * | `REDIS_HOST`, `REDIS_PORT` (as in platform), `REDIS_PASSWORD`, `REDIS_USERNAME`, `REDIS_TLS` (as in platform), `REDIS_DB` | `redis.*` | `127.0.0.1`, `6379` |
 * | `SMTP_HOST`, `SMTP_PORT`, `SMTP_SECURE` (`true`/`false`), `SMTP_USER`, `SMTP_PASSWORD`, `SMTP_FROM` | `smtp.*` | `127.0.0.1`, `25`, `false`, none, none, `预算绩效管理系统 <noreply@budget.local>` |
 * | `WEBHOOK_ATTEMPTS`, `WEBHOOK_BACKOFF_MS`, `WEBHOOK_TIMEOUT_MS` | `webhook.*` | `8`, `5000`, `10000` |
 * | `WEBHOOK_ALLOWED_TARGETS` (comma-separated hosts, addresses, CIDR ranges), `NODE_ENV=production` | `webhook.allow`, `webhook.requireHttps` | none, `false` |
 * | `EMAIL_ATTEMPTS`, `EMAIL_BACKOFF_MS` | `email.*` | `5`, `10000` |
 * | `REMINDER_LEAD_MINUTES` | `reminderLeadMs` (× 60 000) | `1440` (one day) |
 */
export interface NotificationsConfig {
  /** PostgreSQL schema holding the notification tables (the review service's own). */
  readonly schema: string;
  /** BullMQ key prefix; a test run uses its own so it never sees another run's jobs. */
  readonly queuePrefix: string;
  readonly redis: {
    readonly host: string;
    readonly port: number;
    readonly password?: string;
    /** A Redis 6 ACL user (with `password`). */
    readonly username?: string;
    /** TLS to Redis (Node's TLS options; `{}` = system CAs). Absent: plaintext. */
    readonly tls?: { readonly ca?: string; readonly rejectUnauthorized?: boolean };
    readonly db?: number;
    readonly connectTimeoutMs: number;
    /** Ceiling of ioredis' reconnect delay while Redis is away. */
    readonly maxReconnectDelayMs: number;
    /** How long the dispatcher waits for a Redis call before it treats Redis as unavailable. */
    readonly commandTimeoutMs: number;
  };
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    readonly secure: boolean;
    readonly user?: string;
    readonly password?: string;
    readonly from: string;
    readonly timeoutMs: number;
  };
  readonly webhook: ChannelRetry & {
    readonly timeoutMs: number;
    readonly concurrency: number;
    /** Private hosts, addresses or CIDR ranges a webhook may nevertheless reach (see webhook-target.ts). */
    readonly allow: readonly string[];
    /** Refuse plain http receivers (production). */
    readonly requireHttps: boolean;
  };
  readonly email: ChannelRetry & { readonly concurrency: number };
  readonly inbox: ChannelRetry & { readonly concurrency: number };
  /** How long before a task's due time its reviewers are reminded. */
  readonly reminderLeadMs: number;
  readonly dispatcher: {
    /** Fallback poll; requests and cancellations also wake the dispatcher through NOTIFY. */
    readonly pollIntervalMs: number;
    readonly batchSize: number;
    /** Ceiling of the dispatcher's backoff while Redis or PostgreSQL is unavailable. */
    readonly maxBackoffMs: number;
    /**
     * A request queued this long ago and still undelivered is handed to BullMQ again under the same
     * job id: a no-op while its job exists, a rescue when Redis lost it (restarted without data).
     */
    readonly requeueAfterMs: number;
  };
  /** Finished jobs kept in Redis (their ids keep deduplicating re-adds meanwhile). */
  readonly keepJobs: { readonly completedAgeSeconds: number; readonly failedAgeSeconds: number; readonly count: number };
}

/** BullMQ retries of one channel: `attempts` in all, exponential backoff starting at `backoffMs`. */
export interface ChannelRetry {
  readonly attempts: number;
  readonly backoffMs: number;
}

export type NotificationsConfigInput = {
  readonly [K in keyof NotificationsConfig]?: NotificationsConfig[K] extends string | number ? NotificationsConfig[K] : Partial<NotificationsConfig[K]>;
};

export const DEFAULT_NOTIFICATIONS_CONFIG: NotificationsConfig = {
  schema: 'review',
  queuePrefix: 'budget',
  redis: { host: '127.0.0.1', port: 6379, connectTimeoutMs: 5_000, maxReconnectDelayMs: 2_000, commandTimeoutMs: 5_000 },
  smtp: { host: '127.0.0.1', port: 25, secure: false, from: '预算绩效管理系统 <noreply@budget.local>', timeoutMs: 15_000 },
  // 5 s, 10 s, 20 s … 320 s: about 10 minutes before a dead receiver's delivery is dead-lettered.
  webhook: { attempts: 8, backoffMs: 5_000, timeoutMs: 10_000, concurrency: 5, allow: [], requireHttps: false },
  email: { attempts: 5, backoffMs: 10_000, concurrency: 2 },
  inbox: { attempts: 10, backoffMs: 1_000, concurrency: 5 },
  reminderLeadMs: 24 * 60 * 60 * 1000,
  dispatcher: { pollIntervalMs: 1_000, batchSize: 200, maxBackoffMs: 5_000, requeueAfterMs: 10 * 60 * 1000 },
  keepJobs: { completedAgeSeconds: 7 * 24 * 3600, failedAgeSeconds: 30 * 24 * 3600, count: 10_000 },
};

/** The defaults with what the caller set, checked: a nonsensical number fails at start-up, not at the first delivery. */
export function resolveNotificationsConfig(input: NotificationsConfigInput = {}): NotificationsConfig {
  const d = DEFAULT_NOTIFICATIONS_CONFIG;
  const config: NotificationsConfig = {
    schema: input.schema ?? d.schema,
    queuePrefix: input.queuePrefix ?? d.queuePrefix,
    redis: { ...d.redis, ...input.redis },
    smtp: { ...d.smtp, ...input.smtp },
    webhook: { ...d.webhook, ...input.webhook },
    email: { ...d.email, ...input.email },
    inbox: { ...d.inbox, ...input.inbox },
    reminderLeadMs: input.reminderLeadMs ?? d.reminderLeadMs,
    dispatcher: { ...d.dispatcher, ...input.dispatcher },
    keepJobs: { ...d.keepJobs, ...input.keepJobs },
  };
  if (!/^[A-Za-z0-9_.-]{1,60}$/.test(config.queuePrefix)) throw new Error(`queuePrefix must be [A-Za-z0-9_.-]{1,60}, got ${JSON.stringify(config.queuePrefix)}`);
  const positive: [string, number][] = [
    ['redis.port', config.redis.port],
    ['redis.connectTimeoutMs', config.redis.connectTimeoutMs],
    ['redis.maxReconnectDelayMs', config.redis.maxReconnectDelayMs],
    ['redis.commandTimeoutMs', config.redis.commandTimeoutMs],
    ['smtp.port', config.smtp.port],
    ['smtp.timeoutMs', config.smtp.timeoutMs],
    ['webhook.attempts', config.webhook.attempts],
    ['webhook.backoffMs', config.webhook.backoffMs],
    ['webhook.timeoutMs', config.webhook.timeoutMs],
    ['webhook.concurrency', config.webhook.concurrency],
    ['email.attempts', config.email.attempts],
    ['email.backoffMs', config.email.backoffMs],
    ['email.concurrency', config.email.concurrency],
    ['inbox.attempts', config.inbox.attempts],
    ['inbox.backoffMs', config.inbox.backoffMs],
    ['inbox.concurrency', config.inbox.concurrency],
    ['dispatcher.pollIntervalMs', config.dispatcher.pollIntervalMs],
    ['dispatcher.batchSize', config.dispatcher.batchSize],
    ['dispatcher.maxBackoffMs', config.dispatcher.maxBackoffMs],
    ['dispatcher.requeueAfterMs', config.dispatcher.requeueAfterMs],
    ['keepJobs.count', config.keepJobs.count],
  ];
  for (const [name, value] of positive) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`Notifications config ${name} must be a positive integer, got ${value}`);
  }
  if (!Number.isInteger(config.reminderLeadMs) || config.reminderLeadMs < 0) {
    throw new Error(`Notifications config reminderLeadMs must be a non-negative integer, got ${config.reminderLeadMs}`);
  }
  if (config.smtp.from.trim() === '') throw new Error('Notifications config smtp.from must not be empty');
  return config;
}
