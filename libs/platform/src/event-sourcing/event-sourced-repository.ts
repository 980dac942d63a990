import { type CommandMetadata, type Decider, DomainError, type NewEvent, type RecordedEvent } from '@budget/domain';
import { type AlongsideWrite, type EventStore, type EventStoreTransaction, StreamVersionConflictError } from '@budget/event-store';
import { newId } from '../ids';
import { StreamStates } from './stream-states';

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

export interface RepositoryOptions<C> {
  /** How many streams' states after this repository's own appends are kept (StreamStates); 0: none. */
  readonly keptStates?: number;
  /** Commands that normally create their stream (a review opened per submission): decided on the empty stream without reading it first. */
  readonly presumeNew?: (commands: readonly C[]) => boolean;
}

interface Decided<E, S> {
  readonly events: readonly E[];
  readonly envelopes: readonly NewEvent[];
  readonly next: S;
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
/** Streams whose state after the repository's last append to them is kept (StreamStates). */
const KEPT_STATES = 500;

/** The command path, always: read stream → fold → decide → append with the expected version. */
export class EventSourcedRepository<C extends { metadata: CommandMetadata }, E extends { type: string; data: unknown }, S> {
  constructor(
    private readonly store: EventStore,
    private readonly kind: AggregateKind<C, E, S>,
    opts: RepositoryOptions<C> = {},
  ) {
    this.states = new StreamStates<S>(opts.keptStates ?? KEPT_STATES);
    this.presumeNew = opts.presumeNew;
  }

  private readonly states: StreamStates<S>;
  private readonly presumeNew: RepositoryOptions<C>['presumeNew'];

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

  /**
   * Several commands are decided in turn on the evolving state and appended together, or not at all.
   * First on the state this repository's last append to the stream left, when it has it and it is at
   * the version the client saw: its append is chained on that state's head, so it writes only if the
   * stream is still there. Anything else (no events, a refusal, the head moved: someone else
   * appended, or the transaction that left the state rolled back) and the commands are decided again
   * on the stream as stored. A guarded append that finds the head moved fails no statement, so this
   * holds inside a caller's transaction too.
   */
  async execute(streamId: string, commands: C | readonly C[], opts: ExecuteOptions<S> = {}): Promise<Executed<E, S>> {
    const list: readonly C[] = Array.isArray(commands) ? commands : [commands as C];
    if (list.length === 0) throw new Error('execute needs at least one command');
    const kept = this.states.get(streamId) ?? this.presumedNew(list);
    if (kept && (opts.expectedVersion === undefined || opts.expectedVersion === kept.version)) {
      const decided = this.tryDecide(list, kept.state);
      if (decided && decided.events.length > 0) {
        try {
          return await this.appendDecided(streamId, kept, decided, opts);
        } catch (e) {
          if (!(e instanceof StreamVersionConflictError)) throw e;
        }
      }
    }
    if (kept) this.states.delete(streamId);
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.read(streamId, opts.transaction);
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== loaded.version) {
        this.refuseIfForbidden(list, loaded.state);
        throw new StreamVersionConflictError(streamId, opts.expectedVersion, loaded.version);
      }
      const decided = this.decide(list, loaded.state);
      if (decided.events.length === 0) return { state: loaded.state, version: loaded.version, events: [], recorded: [] };
      try {
        return await this.appendDecided(streamId, loaded, decided, opts);
      } catch (e) {
        // Someone appended between our read and our write. Without a client-supplied version the
        // command is simply decided again on the new state; with one, the client must look again.
        if (e instanceof StreamVersionConflictError && opts.expectedVersion === undefined && !opts.transaction && attempt < AUTOMATIC_RETRIES) continue;
        throw e;
      }
    }
  }

  /**
   * A stream the commands normally create (presumeNew) is first decided on as empty, without reading
   * it: the append of a new stream writes nothing when the stream exists, and the commands are then
   * decided again on it as stored.
   */
  private presumedNew(commands: readonly C[]): Loaded<S> & { readonly head: undefined } | undefined {
    return this.presumeNew?.(commands) ? { state: this.kind.decider.initialState(), version: 0, head: undefined } : undefined;
  }

  private decide(commands: readonly C[], state: S): Decided<E, S> {
    const envelopes: NewEvent[] = [];
    const events: E[] = [];
    let next = state;
    for (const command of commands) {
      for (const event of this.kind.decider.decide(command, next)) {
        events.push(event);
        envelopes.push(this.envelope(event, command.metadata));
        next = this.kind.decider.evolve(next, event);
      }
    }
    return { events, envelopes, next };
  }

  /** decide on a kept state: a refusal there is no answer (the stored stream may say otherwise). */
  private tryDecide(commands: readonly C[], state: S): Decided<E, S> | undefined {
    try {
      return this.decide(commands, state);
    } catch {
      return undefined;
    }
  }

  private async appendDecided(streamId: string, from: Loaded<S> & { readonly head: string | undefined }, decided: Decided<E, S>, opts: ExecuteOptions<S>): Promise<Executed<E, S>> {
    const { events, envelopes, next } = decided;
    const alongside = opts.projectAlongside?.(next, from.version + events.length);
    const { recorded, nextVersion } = await this.store.append(streamId, envelopes, from.version, {
      ...(alongside ? { alongside } : {}),
      inTransaction: opts.project ? (tx, rec) => opts.project!(tx, next, from.version + events.length, rec) : undefined,
      ...(opts.transaction ? { transaction: opts.transaction } : {}),
      ...(opts.messageKey !== undefined ? { messageKey: opts.messageKey } : {}),
      // Chained on the head just read: the store need not read it again (the append checks it is still the head).
      ...(from.head !== undefined ? { expectedHead: from.head } : {}),
    });
    const head = recorded.at(-1)?.hash;
    if (head !== undefined) this.states.set(streamId, { state: next, version: nextVersion, head });
    return { state: next, version: nextVersion, events, recorded };
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
