import { Inject, Injectable } from '@nestjs/common';
import {
  type PublicationCommand,
  publicationDecider,
  type PublicationEvent,
  PUBLICATION_EVENT_SCHEMA_VERSIONS,
  type PublicationState,
  publicationStreamId,
  upcastPublicationEvent,
} from '@budget/domain';
import { type EventStore, type EventStoreTransaction, PostgresEventStore } from '@budget/event-store';
import { EventSourcedRepository, type Executed, type Loaded } from '@budget/platform';

/**
 * A department's publications of one fiscal year, stream `publication-<departmentId>-<fiscalYear>`
 * in reporting's own event store (schema reporting; it publishes nothing to Kafka).
 */
@Injectable()
export class PublicationRepository {
  private readonly streams: EventSourcedRepository<PublicationCommand, PublicationEvent, PublicationState>;

  constructor(@Inject(PostgresEventStore) store: EventStore) {
    this.streams = new EventSourcedRepository(store, {
      name: 'publication',
      decider: publicationDecider,
      upcast: upcastPublicationEvent,
      schemaVersions: PUBLICATION_EVENT_SCHEMA_VERSIONS,
    });
  }

  /** With `tx`, inside that transaction (a consumer's). */
  load(departmentId: string, fiscalYear: number, tx?: EventStoreTransaction): Promise<Loaded<PublicationState>> {
    return this.streams.load(publicationStreamId(departmentId, fiscalYear), tx);
  }

  /** Decided on the current stream and appended with its version; a concurrent append is retried on the new state. */
  execute(
    departmentId: string,
    fiscalYear: number,
    command: PublicationCommand,
    opts: { expectedVersion?: number; transaction?: EventStoreTransaction } = {},
  ): Promise<Executed<PublicationEvent, PublicationState>> {
    return this.streams.execute(publicationStreamId(departmentId, fiscalYear), command, opts);
  }

  /** The command as it would be decided now, without appending: its refusal, if any, is thrown. */
  async check(departmentId: string, fiscalYear: number, command: PublicationCommand): Promise<Loaded<PublicationState>> {
    const loaded = await this.load(departmentId, fiscalYear);
    publicationDecider.decide(command, loaded.state);
    return loaded;
  }
}
