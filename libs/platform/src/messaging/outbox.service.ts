import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { countDeadLetters, ensureTopics, type KafkaConnection, OutboxRelay } from '@budget/messaging';
import type { DataSource } from 'typeorm';
import { type PlatformConfig } from '../config';
import { PLATFORM_CONFIG } from '../platform.module';
import { assertIdentifier, poolOf } from '../database/postgres';
import { ServiceMetrics } from '../observability/metrics';
import { KAFKA, nestLogger, retrying, SERVICE_MESSAGING, type ServiceMessagingOptions } from './tokens';

/**
 * Publishes the service's outbox to Kafka. Commands never wait for Kafka: when it is down,
 * events wait in the outbox and leave, in order, when it is back.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private relay: OutboxRelay | undefined;
  private stopped = false;

  constructor(
    @Inject(getDataSourceToken()) private readonly db: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(KAFKA) private readonly kafka: KafkaConnection,
    @Inject(SERVICE_MESSAGING) private readonly opts: ServiceMessagingOptions,
    @Optional() @Inject(ServiceMetrics) private readonly metrics?: ServiceMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.opts.publishes && this.metrics) {
      const metrics = this.metrics;
      metrics.addSource('outbox', async () => {
        const { backlog, oldestAgeSeconds } = await this.state();
        metrics.outboxBacklog.set(backlog);
        metrics.outboxOldestAge.set(oldestAgeSeconds);
      });
    }
    const { topics } = this.config.kafka;
    // Topics are created in the background: the service starts and accepts commands without Kafka.
    void retrying('Kafka topics', this.logger, () => this.stopped, async () => {
      const numPartitions = this.config.kafka.partitions;
      const { created, replication } = await ensureTopics(
        this.kafka,
        [topics.targets, topics.reviews, topics.deadLetter].map((topic) => ({ topic, numPartitions })),
        nestLogger('Topics'),
      );
      if (created.length > 0) {
        this.logger.log(`created ${created.join(', ')}: ${numPartitions} partitions, ${replication.replicationFactor} replica(s), min.insync.replicas ${replication.minInsyncReplicas}`);
      }
    });
    if (!this.opts.publishes) return;
    this.relay = new OutboxRelay(poolOf(this.db), this.kafka, {
      schema: this.opts.schema,
      logger: nestLogger('OutboxRelay'),
      onPublishFailure: (reason) => this.metrics?.outboxPublishFailures.inc({ reason }),
    });
    void this.relay.start();
  }

  /** Events written but not yet on Kafka. */
  async backlog(): Promise<number> {
    const rows = await this.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${assertIdentifier(this.opts.schema)}.outbox`);
    return Number(rows[0]?.n ?? 0);
  }

  /** The backlog and how long its oldest event has waited (0 when empty), in one statement. */
  async state(): Promise<{ backlog: number; oldestAgeSeconds: number }> {
    const rows = await this.db.query<{ n: string; age: number | null }[]>(
      `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at))::float8 AS age FROM ${assertIdentifier(this.opts.schema)}.outbox`,
    );
    return { backlog: Number(rows[0]?.n ?? 0), oldestAgeSeconds: Math.max(0, rows[0]?.age ?? 0) };
  }

  /** Messages that could not be handled and wait to be replayed. */
  async deadLetters(): Promise<number> {
    return countDeadLetters(poolOf(this.db), this.opts.schema);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.relay?.stop();
  }
}

