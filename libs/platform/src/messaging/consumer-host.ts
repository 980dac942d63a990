import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DomainError } from '@budget/domain';
import type { Admin } from 'kafkajs';
import {
  consumerLag,
  countDeadLetters,
  IdempotentConsumer,
  type IdempotentConsumerOptions,
  type KafkaConnection,
  replayDeadLetters,
  type ReplayResult,
} from '@budget/messaging';
import type { DataSource } from 'typeorm';
import { type PlatformConfig } from '../config';
import { poolOf } from '../database/postgres';
import { ServiceMetrics } from '../observability/metrics';
import { PLATFORM_CONFIG } from '../platform.module';
import { KAFKA, nestLogger, retrying, SERVICE_MESSAGING, type ServiceMessagingOptions } from './tokens';

/**
 * Runs idempotent Kafka consumers of a service: started in the background (the service answers
 * HTTP while Kafka is still coming up), stopped on shutdown.
 */
@Injectable()
export class ConsumerHost implements OnApplicationShutdown {
  private readonly logger = new Logger('Consumers');
  private readonly consumers: IdempotentConsumer[] = [];
  private readonly handlers = new Map<string, IdempotentConsumerOptions['handle']>();
  private readonly subscriptions = new Map<string, { groupId: string; topics: readonly string[] }>();
  private admin: Promise<Admin> | undefined;
  private stopped = false;

  constructor(
    @Inject(getDataSourceToken()) private readonly db: DataSource,
    @Inject(KAFKA) private readonly kafka: KafkaConnection,
    @Inject(SERVICE_MESSAGING) private readonly opts: ServiceMessagingOptions,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Optional() @Inject(ServiceMetrics) private readonly metrics?: ServiceMetrics,
  ) {
    metrics?.addSource('dead-letters', async () => {
      for (const name of this.names()) metrics.deadLetters.set({ consumer: name }, await countDeadLetters(this.pool, this.opts.schema, name));
    });
    metrics?.addSource('consumer-lag', () => this.measureLag());
  }

  /** Lag per partition of each consumer group, from the brokers (one admin client, kept). */
  private async measureLag(): Promise<void> {
    if (this.subscriptions.size === 0 || !this.metrics) return;
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    try {
      const admin = await this.admin;
      for (const { groupId, topics } of this.subscriptions.values()) {
        for (const p of await consumerLag(admin, groupId, topics)) {
          this.metrics.consumerLag.set({ group: groupId, topic: p.topic, partition: String(p.partition) }, p.lag);
        }
      }
    } catch (error) {
      const admin = this.admin;
      this.admin = undefined;
      void admin?.then((a) => a.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  start(options: Omit<IdempotentConsumerOptions, 'schema' | 'logger'>): void {
    const consumer = new IdempotentConsumer(poolOf(this.db), this.kafka, {
      sessionTimeoutMs: this.config.kafka.sessionTimeoutMs,
      ...options,
      schema: this.opts.schema,
      logger: nestLogger(`Consumer ${options.consumerName}`),
    });
    this.consumers.push(consumer);
    this.handlers.set(options.consumerName, options.handle);
    this.subscriptions.set(options.consumerName, { groupId: options.groupId, topics: options.topics });
    void retrying(`consumer ${options.consumerName}`, this.logger, () => this.stopped, () => consumer.start());
  }

  /** The consumers this service runs, by name. */
  names(): string[] {
    return [...this.handlers.keys()];
  }

  get schema(): string {
    return this.opts.schema;
  }

  get pool() {
    return poolOf(this.db);
  }

  /**
   * Handles the waiting dead letters of one consumer (or of each) again with its own handler, with
   * the consumer's de-duplication: those that succeed are marked replayed, the others keep the new reason.
   */
  async replay(consumerName?: string): Promise<(ReplayResult & { consumer: string })[]> {
    if (consumerName !== undefined && !this.handlers.has(consumerName)) {
      throw new DomainError('VALIDATION_FAILED', `本服务没有名为“${consumerName}”的消费者（有：${this.names().join('、') || '无'}）`);
    }
    const results = [];
    for (const name of consumerName !== undefined ? [consumerName] : this.names()) {
      const result = await replayDeadLetters(poolOf(this.db), this.opts.schema, name, this.handlers.get(name)!);
      this.logger.log(`dead letters of ${name} replayed: ${result.replayed} handled, ${result.stillFailing} still failing`);
      results.push({ consumer: name, ...result });
    }
    return results;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.consumers.map((c) => c.stop()));
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}

