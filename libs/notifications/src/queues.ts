import { type JobsOptions, type RedisOptions } from 'bullmq';
import { type NotificationsConfig } from './config';
import { type Channel, type NotificationKind } from './types';

/** What a job carries: only the delivery's id. The row in PostgreSQL holds the rest, and the truth. */
export interface DeliveryJobData {
  readonly id: string;
  readonly channel: Channel;
}

export type DeliveryJobName = NotificationKind;

/** One queue per channel: its own attempts and backoff, its own concurrency, and a dead webhook receiver never delays an inbox entry. */
export function queueName(channel: Channel): string {
  return `notifications-${channel}`;
}

/**
 * ioredis options. Producers (the dispatcher) fail fast while Redis is away instead of queueing
 * commands in memory: requests wait in PostgreSQL, which survives a crash. Workers keep BullMQ's
 * defaults for blocking connections (BullMQ sets maxRetriesPerRequest to null for them).
 */
export function redisOptions(config: NotificationsConfig, role: 'producer' | 'worker'): RedisOptions {
  const { host, port, password, username, tls, db, connectTimeoutMs, maxReconnectDelayMs } = config.redis;
  return {
    host,
    port,
    ...(password === undefined ? {} : { password }),
    ...(username === undefined ? {} : { username }),
    ...(tls === undefined ? {} : { tls }),
    ...(db === undefined ? {} : { db }),
    connectTimeout: connectTimeoutMs,
    // Reconnect for ever, at most maxReconnectDelayMs apart (BullMQ's own default grows to 20 s).
    retryStrategy: (times: number) => Math.min(100 * times, maxReconnectDelayMs),
    ...(role === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : {}),
  };
}

export function retryOf(config: NotificationsConfig, channel: Channel): { readonly attempts: number; readonly backoffMs: number } {
  switch (channel) {
    case 'inbox':
      return config.inbox;
    case 'webhook':
      return config.webhook;
    case 'email':
      return config.email;
  }
}

/** Job options of a delivery: the channel's retries, a delay until it is due, bounded history in Redis. */
export function jobOptions(config: NotificationsConfig, channel: Channel, jobId: string, delayMs: number): JobsOptions {
  const retry = retryOf(config, channel);
  return {
    jobId,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    ...(delayMs > 0 ? { delay: delayMs } : {}),
    // Kept finished jobs keep deduplicating re-adds of their id; once they are gone, the row's
    // status in PostgreSQL is what stops a second delivery.
    removeOnComplete: { age: config.keepJobs.completedAgeSeconds, count: config.keepJobs.count },
    removeOnFail: { age: config.keepJobs.failedAgeSeconds, count: config.keepJobs.count },
  };
}
