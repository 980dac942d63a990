import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createKafka, ensureTopics, OutboxRelay } from '@budget/messaging';
import { PLATFORM_CONFIG, type PlatformConfig, poolOf } from '@budget/platform';
import { DataSource } from 'typeorm';
import { INTAKE_SCHEMA } from './repositories';

/**
 * Publishes the outbox to Kafka. Commands never wait for Kafka: when it is down, events wait
 * in the outbox and leave, in order, when it is back.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private relay: OutboxRelay | undefined;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    const kafka = createKafka({ brokers: this.config.kafka.brokers, clientId: 'intake' });
    const { topics } = this.config.kafka;
    // Topics are created in the background: the service starts and accepts commands without Kafka.
    void (async () => {
      for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, 10_000)) {
        try {
          await ensureTopics(kafka, [topics.targets, topics.reviews, topics.deadLetter].map((topic) => ({ topic, numPartitions: 3 })));
          return;
        } catch (e) {
          this.logger.warn(`Kafka topics not ready (${(e as Error).message}); retrying in ${delay} ms`);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    })();
    this.relay = new OutboxRelay(poolOf(this.db), kafka, { schema: INTAKE_SCHEMA });
    void this.relay.start();
  }

  async backlog(): Promise<number> {
    const rows = await this.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${INTAKE_SCHEMA}.outbox`);
    return Number(rows[0]?.n ?? 0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.relay?.stop();
  }
}
