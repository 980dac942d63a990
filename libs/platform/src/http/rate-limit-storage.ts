import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { PlatformConfig } from '../config';
import { redisConnectionOptions } from '../redis';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// While Redis is away every request would say so; one line a minute is enough.
const WARN_EVERY_MS = 60_000;

/**
 * The rate limits' counters in Redis, shared by every process of the deployment (one budget per user,
 * however many replicas serve them), under the deployment's key prefix. Counting is one atomic script
 * per request (@nest-lab/throttler-storage-redis). While Redis does not answer within a second the
 * process counts on its own (the per-process limit of before), so an outage of Redis neither opens the
 * limits entirely nor stops writes; a warning says so.
 */
export class SharedRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private lastWarned = -Infinity;

  constructor(
    settings: PlatformConfig['redis'],
    keyPrefix: string,
    private readonly logger: Pick<Logger, 'warn'> = new Logger('RateLimits'),
  ) {
    this.redis = new Redis({
      ...redisConnectionOptions(settings),
      keyPrefix,
      connectTimeout: 2_000,
      commandTimeout: 1_000,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    });
    this.redis.on('error', (error: Error) => this.warn(error));
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerRecord> {
    try {
      return await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.warn(error as Error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
    this.local.onApplicationShutdown();
  }

  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarned < WARN_EVERY_MS) return;
    this.lastWarned = now;
    this.logger.warn(`rate limits: Redis does not answer (${error.message}); counting in this process until it does`);
  }
}

/** The storage the limits count in: Redis (RATE_LIMIT_STORE=redis, the default) or this process's memory. */
export function rateLimitStorage(config: Pick<PlatformConfig, 'redis' | 'rateLimits'>): ThrottlerStorage {
  return config.rateLimits.store === 'redis' ? new SharedRateLimitStorage(config.redis, config.rateLimits.keyPrefix) : new ThrottlerStorageService();
}
