import { type Actor, type NewEvent, type RecordedEvent } from '@budget/domain';
import { eventHash } from './hash-chain';

/** An event validated and in the form it has once read back from PostgreSQL, so its hash verifies later. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly actorJson: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly data: unknown;
  readonly dataJson: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function prepare(event: NewEvent, index: number): PreparedEvent {
  const where = `append: events[${index}]`;
  if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) throw new TypeError(`${where}.eventId must be a UUID`);
  if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError(`${where}.type must be a non-empty string`);
  if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) throw new TypeError(`${where}.schemaVersion must be an integer >= 1`);
  const { occurredAt, actor, correlationId, causationId } = event.metadata;
  const occurred = new Date(occurredAt);
  if (typeof occurredAt !== 'string' || Number.isNaN(occurred.getTime())) throw new TypeError(`${where}.metadata.occurredAt must be an ISO instant`);
  if (typeof correlationId !== 'string') throw new TypeError(`${where}.metadata.correlationId must be a string`);
  if (causationId !== null && causationId !== undefined && typeof causationId !== 'string') {
    throw new TypeError(`${where}.metadata.causationId must be a string or null`);
  }
  // Round-tripped through JSON so that what is hashed and returned is exactly what jsonb gives back
  // (Dates become strings, undefined members disappear).
  const dataJson = JSON.stringify(event.data ?? null);
  const actorJson = JSON.stringify(actor);
  return {
    // PostgreSQL returns uuids in lower case; hashing the stored form keeps the chain verifiable.
    eventId: event.eventId.toLowerCase(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    // timestamptz keeps microseconds but JavaScript reads back milliseconds: store what reads back.
    occurredAt: occurred.toISOString(),
    actor: JSON.parse(actorJson) as Actor,
    actorJson,
    correlationId,
    causationId: causationId ?? null,
    data: JSON.parse(dataJson) as unknown,
    dataJson,
  };
}

export function chain(streamId: string, expectedVersion: number, headHash: string, events: readonly PreparedEvent[]) {
  let prevHash = headHash;
  return events.map((e, i) => {
    const linked = { ...e, streamId, streamVersion: expectedVersion + i + 1, prevHash };
    const hash = eventHash(linked);
    prevHash = hash;
    return { ...linked, hash };
  });
}

export function envelope(e: ReturnType<typeof chain>[number], globalPosition: string, recordedAt: string): RecordedEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    globalPosition,
    occurredAt: e.occurredAt,
    recordedAt,
    actor: e.actor,
    correlationId: e.correlationId,
    causationId: e.causationId,
    data: e.data,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

