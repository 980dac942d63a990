import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createKafka, ensureTopics, IdempotentConsumer, type IdempotentConsumerOptions, type KafkaConnection, type MessagingLogger, OutboxRelay } from '@budget/messaging';
import type { DataSource } from 'typeorm';
import { type PlatformConfig } from '../config';
import { PLATFORM_CONFIG } from '../platform.module';
import { assertIdentifier, poolOf } from '../database/postgres';

export const KAFKA = Symbol('KAFKA');
export const SERVICE_MESSAGING = Symbol('SERVICE_MESSAGING');

export interface ServiceMessagingOptions {
  /** The service's PostgreSQL schema: its outbox, processed_events and dead_letters live there. */
  readonly schema: string;
  readonly clientId: string;
  /** False for a service that only consumes (no outbox relay). */
  readonly publishes: boolean;
}

/** A Nest logger behind the libraries' logging function type. */
export const nestLogger = (context: string): MessagingLogger => {
  const logger = new Logger(context);
  return (level, message, fields) => {
    const text = fields ? `${message} ${JSON.stringify(fields)}` : message;
    switch (level) {
      case 'error':
        return logger.error(text);
      case 'warn':
        return logger.warn(text);
      case 'info':
        return logger.log(text);
      case 'debug':
        return logger.debug(text);
    }
  };
};

async function retrying(what: string, logger: Logger, stopped: () => boolean, attempt: () => Promise<void>): Promise<void> {
  for (let delay = 500; !stopped(); delay = Math.min(delay * 2, 10_000)) {
    try {
      await attempt();
      return;
    } catch (e) {
      logger.warn(`${what} not ready (${(e as Error).message}); retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

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
  ) {}

  onApplicationBootstrap(): void {
    const { topics } = this.config.kafka;
    // Topics are created in the background: the service starts and accepts commands without Kafka.
    void retrying('Kafka topics', this.logger, () => this.stopped, () =>
      ensureTopics(this.kafka, [topics.targets, topics.reviews, topics.deadLetter].map((topic) => ({ topic, numPartitions: 3 }))),
    );
    if (!this.opts.publishes) return;
    this.relay = new OutboxRelay(poolOf(this.db), this.kafka, { schema: this.opts.schema, logger: nestLogger('OutboxRelay') });
    void this.relay.start();
  }

  /** Events written but not yet on Kafka. */
  async backlog(): Promise<number> {
    const rows = await this.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${assertIdentifier(this.opts.schema)}.outbox`);
    return Number(rows[0]?.n ?? 0);
  }

  /** Messages that could not be handled, per consumer. */
  async deadLetters(): Promise<number> {
    const rows = await this.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${assertIdentifier(this.opts.schema)}.dead_letters`);
    return Number(rows[0]?.n ?? 0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.relay?.stop();
  }
}

/**
 * Runs idempotent Kafka consumers of a service: started in the background (the service answers
 * HTTP while Kafka is still coming up), stopped on shutdown.
 */
@Injectable()
export class ConsumerHost implements OnApplicationShutdown {
  private readonly logger = new Logger('Consumers');
  private readonly consumers: IdempotentConsumer[] = [];
  private stopped = false;

  constructor(
    @Inject(getDataSourceToken()) private readonly db: DataSource,
    @Inject(KAFKA) private readonly kafka: KafkaConnection,
    @Inject(SERVICE_MESSAGING) private readonly opts: ServiceMessagingOptions,
  ) {}

  start(options: Omit<IdempotentConsumerOptions, 'schema' | 'logger'>): void {
    const consumer = new IdempotentConsumer(poolOf(this.db), this.kafka, {
      ...options,
      schema: this.opts.schema,
      logger: nestLogger(`Consumer ${options.consumerName}`),
    });
    this.consumers.push(consumer);
    void retrying(`consumer ${options.consumerName}`, this.logger, () => this.stopped, () => consumer.start());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}

@Module({})
export class MessagingModule {
  static forService(opts: ServiceMessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: SERVICE_MESSAGING, useValue: opts },
        {
          provide: KAFKA,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => createKafka({ brokers: config.kafka.brokers, clientId: opts.clientId, logger: nestLogger('Kafka') }),
        },
        OutboxService,
        ConsumerHost,
      ],
      exports: [KAFKA, SERVICE_MESSAGING, OutboxService, ConsumerHost],
    };
  }
}
