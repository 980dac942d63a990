import { type CommandMetadata, type Decider, DomainError, type NewEvent, type RecordedEvent } from '@budget/domain';
import { type AlongsideWrite, type EventStore, type EventStoreTransaction, StreamVersionConflictError } from '@budget/event-store';
import { newId } from '../ids';

/** One kind of event-sourced aggregate: its decider, how its stored events are read, its versions. */
export interface AggregateKind<C extends { metadata: CommandMetadata }, E extends { type: string; data: unknown }, S> {
  readonly name: string;
  readonly decider: Decider<C, E, S>;
  readonly upcast: (stored: { type: string; schemaVersion: number; data: unknown }) => E;
  readonly schemaVersions: Readonly<Record<string, number>>;
}

export interface Loaded<S> {
  readonly state: S;
  readonly version: number;
}

export interface Executed<E, S> extends Loaded<S> {
  readonly events: readonly E[];
  readonly recorded: readonly RecordedEvent[];
}

export interface ExecuteOptions<S> {
  /** The version the client saw; a different current version is a conflict the client must see. */
  readonly expectedVersion?: number;
  /** Writes a read model in the append's transaction. */
  readonly project?: (tx: EventStoreTransaction, state: S, version: number, recorded: readonly RecordedEvent[]) => Promise<void>;
  /** Writes a read model in the append's own statement (AlongsideWrite); undefined: nothing to write. */
  readonly projectAlongside?: (state: S, version: number) => AlongsideWrite | undefined;
  /**
   * A transaction the caller owns (a consumer's): the append joins it, and a conflict is thrown
   * instead of retried here, because the failed statement has aborted that transaction.
   */
  readonly transaction?: EventStoreTransaction;
  /** Kafka key of the published events when it is not the stream id (see AppendOptions.messageKey). */
  readonly messageKey?: string;
}

/** Nest token of a service's EventStore (PostgresEventStore in the service, InMemoryEventStore in unit tests). */
export const EVENT_STORE = Symbol('EVENT_STORE');

const AUTOMATIC_RETRIES = 3;

/** The command path, always: read stream → fold → decide → append with the expected version. */
export class EventSourcedRepository<C extends { metadata: CommandMetadata }, E extends { type: string; data: unknown }, S> {
  constructor(
    private readonly store: EventStore,
    private readonly kind: AggregateKind<C, E, S>,
  ) {}

  /** With `tx`, inside that transaction: it sees what the transaction appended before. */
  async load(streamId: string, tx?: EventStoreTransaction): Promise<Loaded<S>> {
    const { state, version } = await this.read(streamId, tx);
    return { state, version };
  }

  /** The state, its version and the stream's head hash (its last event's; undefined for a new stream). */
  private async read(streamId: string, tx?: EventStoreTransaction): Promise<Loaded<S> & { readonly head: string | undefined }> {
    const recorded = await this.store.readStream(streamId, 1, tx);
    const state = recorded.reduce((s, r) => this.kind.decider.evolve(s, this.kind.upcast(r)), this.kind.decider.initialState());
    const last = recorded.at(-1);
    return { state, version: last?.streamVersion ?? 0, head: last?.hash };
  }

  /** Several commands are decided in turn on the evolving state and appended together, or not at all. */
  async execute(streamId: string, commands: C | readonly C[], opts: ExecuteOptions<S> = {}): Promise<Executed<E, S>> {
    const list: readonly C[] = Array.isArray(commands) ? commands : [commands as C];
    if (list.length === 0) throw new Error('execute needs at least one command');
    for (let attempt = 1; ; attempt++) {
      const { state, version, head } = await this.read(streamId, opts.transaction);
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== version) {
        this.refuseIfForbidden(list, state);
        throw new StreamVersionConflictError(streamId, opts.expectedVersion, version);
      }
      const envelopes: NewEvent[] = [];
      const events: E[] = [];
      let next = state;
      for (const command of list) {
        for (const event of this.kind.decider.decide(command, next)) {
          events.push(event);
          envelopes.push(this.envelope(event, command.metadata));
          next = this.kind.decider.evolve(next, event);
        }
      }
      if (events.length === 0) return { state, version, events, recorded: [] };
      try {
        const alongside = opts.projectAlongside?.(next, version + events.length);
        const { recorded, nextVersion } = await this.store.append(streamId, envelopes, version, {
          ...(alongside ? { alongside } : {}),
          inTransaction: opts.project ? (tx, rec) => opts.project!(tx, next, version + events.length, rec) : undefined,
          ...(opts.transaction ? { transaction: opts.transaction } : {}),
          ...(opts.messageKey !== undefined ? { messageKey: opts.messageKey } : {}),
          // Chained on the head just read: the store need not read it again (the append checks it is still the head).
          ...(head !== undefined ? { expectedHead: head } : {}),
        });
        return { state: next, version: nextVersion, events, recorded };
      } catch (e) {
        // Someone appended between our read and our write. Without a client-supplied version the
        // command is simply decided again on the new state; with one, the client must look again.
        if (e instanceof StreamVersionConflictError && opts.expectedVersion === undefined && !opts.transaction && attempt < AUTOMATIC_RETRIES) continue;
        throw e;
      }
    }
  }

  /**
   * A 409 names the current version: told to someone who may not act on the stream, it confirms
   * the stream and leaks its version. So the commands are decided first, without appending, and a
   * refusal of the caller wins over the conflict; any other outcome leaves the conflict to answer.
   */
  private refuseIfForbidden(commands: readonly C[], state: S): void {
    let next = state;
    try {
      for (const command of commands) {
        for (const event of this.kind.decider.decide(command, next)) next = this.kind.decider.evolve(next, event);
      }
    } catch (e) {
      if (e instanceof DomainError && e.code === 'FORBIDDEN') throw e;
    }
  }

  private envelope(event: E, metadata: CommandMetadata): NewEvent {
    const schemaVersion = this.kind.schemaVersions[event.type];
    if (schemaVersion === undefined) throw new DomainError('ILLEGAL_STATE', `unknown ${this.kind.name} event type ${event.type}`);
    return {
      eventId: newId(),
      type: event.type,
      schemaVersion,
      data: event.data,
      metadata: { occurredAt: metadata.now, actor: metadata.actor, correlationId: metadata.correlationId, causationId: metadata.causationId ?? null },
    };
  }
}
