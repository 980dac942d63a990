import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type RecordedEvent } from '@budget/domain';
import { type ChunkContext, type ChunkItem, type RawMessageInfo } from '@budget/messaging';
import { ConsumerHost, consumerGroup, PLATFORM_CONFIG, type PlatformConfig } from '@budget/platform';
import { type EventStoreTransaction } from '@budget/event-store';
import { ACTIVE_GENERATION, appendEvents, openAppend } from '../infrastructure/event-log.writer';

/** Consumer group and the name its processed events and dead letters are recorded under. */
export const REPORTING_GROUP = 'reporting';
export const REPORTING_CONSUMER = 'reporting';

/**
 * Every event of budget.targets and budget.reviews into the live copy and its projection: the
 * processed-event record, the copied event and the projection's rows commit in one transaction.
 * What the projection refuses is dead-lettered with the reason; the consumer moves on.
 */
@Injectable()
export class ReportLogConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: ConsumerHost,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { topics } = this.config.kafka;
    this.consumers.start({
      groupId: consumerGroup(this.config, REPORTING_GROUP),
      topics: [topics.targets, topics.reviews],
      consumerName: REPORTING_CONSUMER,
      fromBeginning: true,
      handle: (event, tx, raw) => this.handle(event, tx, raw),
      handleChunk: (items, tx, context) => this.handleChunk(items, tx, context),
      // The lock of the active generation and the read of the rows travel with BEGIN, the write with COMMIT: two round trips a chunk.
      openChunk: (events) => openAppend(events),
      // Every partition's chunks that come together in one transaction: they would queue one after another on the generation's lock.
      groupPartitions: 2 * this.config.kafka.partitions,
    });
  }

  /** One event (the consumer's one-by-one path): the chunk of one, its refusal thrown so the consumer dead-letters it. */
  async handle(event: RecordedEvent, tx: EventStoreTransaction, raw: RawMessageInfo): Promise<void> {
    const [refused] = await this.handleChunk([{ event, raw, value: null }], tx);
    if (refused) throw refused;
  }

  /**
   * A chunk of a Kafka batch in one appendEvents (three statements whatever its size; with the
   * consumer's context, none of its own); refused events are dead-lettered.
   */
  async handleChunk(items: readonly ChunkItem[], tx: EventStoreTransaction, context?: ChunkContext): Promise<(Error | null)[]> {
    // The active generation locked shared (appends go on side by side; a switch-over to a rebuilt
    // generation waits for them and holds new ones) in appendEvents' lock of the generation's row.
    const results = await appendEvents(
      tx,
      ACTIVE_GENERATION,
      items.map(({ event, raw, value }) => ({ event, source: raw, received: value })),
      context,
    );
    return results.map((r) => (r.outcome === 'refused' ? r.error : null));
  }
}
