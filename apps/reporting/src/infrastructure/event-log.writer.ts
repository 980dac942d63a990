import { type ApplyOutcome, type RecordedEvent, ReportEventError, type ReportEventErrorCode, type ReportStep, stepEvent } from '@budget/domain';
import { type EventStoreTransaction, PreparedCall, type SimpleStatement, SqlFragment, type TransactionEnd, inlineParameters } from '@budget/event-store';
import { type QueryResult } from 'pg';
import { subjectOf } from '../projection/stream-step';
import { copyBytes, copyField, envelopeField } from './copy-text';
import { sendPipelined } from './pipelined-writes';
import { ChunkRows, eventRowsQuery, readRows, rowWrites, type StoredRows, type StoredRowsRow, storedRowsOf } from './projection-rows.repository';

/** Where a message came from on Kafka. */
export interface SourceInfo {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export type AppendOutcome =
  | { readonly outcome: 'copied'; readonly position: string; readonly applied: ApplyOutcome }
  | { readonly outcome: 'present'; readonly position: string };

export type AppendResult = AppendOutcome | { readonly outcome: 'refused'; readonly error: UnprojectableEventError };

/**
 * An event the projection refuses (malformed, unknown type, a gap in its stream, …). The consumer
 * dead-letters it with this message, whose first line is the code, the reason and where the event sits.
 */
export class UnprojectableEventError extends Error {
  constructor(
    readonly code: ReportEventErrorCode | 'STALE_EVENT',
    readonly reason: string,
    readonly event: Record<string, unknown>,
    options?: { readonly cause?: unknown },
  ) {
    super(`${code}: ${reason} ${JSON.stringify(event)}`, options);
    this.name = 'UnprojectableEventError';
  }

  static from(error: ReportEventError): UnprojectableEventError {
    return new UnprojectableEventError(error.code, error.message, { ...error.event }, { cause: error });
  }
}

/** From this many new events on, a chunk's rows of the copy go in with COPY FROM STDIN rather than an INSERT … SELECT from one JSON parameter. */
const COPY_FROM = 16;

export const EVENT_LOG_COLUMNS =
  'generation, position, event_id, stream_id, stream_version, subject, type, recorded_at, source_topic, source_partition, source_offset, source_position, envelope';

/** An event to copy: the event, where it came from, and the message's value as received when there is one. */
export interface CopyItem {
  readonly event: RecordedEvent;
  readonly source: SourceInfo;
  /** The message's value as it came from Kafka, written as the envelope when it is the same document (envelopeField). */
  readonly received?: Buffer | null;
}

/** A row of the copy: the item with its position and subject. */
export interface CopiedRow extends CopyItem {
  readonly position: string;
  readonly subject: string;
}

/** Lines of COPY's text format for rows of event_log, as bytes (copyBytes): the envelopes as received where they can be (envelopeField). */
export function eventLogLines(generation: number, rows: readonly CopiedRow[]): Buffer {
  const parts: (string | Buffer)[] = [];
  for (const { position, event, subject, source, received } of rows) {
    const envelope = envelopeField(event, received);
    const head =
      `${generation}\t${position}\t${copyField(event.eventId)}\t${copyField(event.streamId)}\t${event.streamVersion}\t${copyField(subject)}\t${copyField(event.type)}\t` +
      `${copyField(event.recordedAt)}\t${copyField(source.topic)}\t${source.partition}\t${source.offset}\t${copyField(event.globalPosition)}\t`;
    parts.push(head, envelope, '\n');
  }
  return copyBytes(parts);
}

/** What stepping a chunk gave: an outcome per event, the rows of the copy, the generation's new position and the span of recording times. */
export interface SteppedChunk {
  readonly results: AppendResult[];
  readonly copied: CopiedRow[];
  readonly position: string;
  readonly first: string | null;
  readonly latest: string | null;
}

/**
 * Steps a chunk's events, in order, over `changed` (laid over `stored`), handing out positions
 * after `last`: an event `stored.present` names is `present`, one the read models refuse or that
 * its stream holds already is `refused` and leaves nothing behind; the others are applied to `changed`.
 */
export function stepChunk(
  stored: StoredRows,
  changed: ChunkRows,
  last: string,
  items: readonly CopyItem[],
): SteppedChunk {
  let position = BigInt(last);
  const results: AppendResult[] = [];
  const copied: CopiedRow[] = [];
  let first: string | null = null;
  let latest: string | null = null;
  for (const { event, source, received } of items) {
    const held = stored.present.get(event.eventId);
    if (held !== undefined) {
      results.push({ outcome: 'present', position: held });
      continue;
    }
    const next = (position + 1n).toString();
    let step: ReportStep;
    try {
      step = stepEvent(changed, { ...event, globalPosition: next });
    } catch (error) {
      if (!(error instanceof ReportEventError)) throw error;
      results.push({ outcome: 'refused', error: UnprojectableEventError.from(error) });
      continue;
    }
    if (step.outcome.outcome === 'duplicate' || !step.head) {
      const reason = `${event.streamId} already holds version ${changed.head(event.streamId)?.streamVersion ?? '?'}; this event claims version ${event.streamVersion}`;
      const error = new UnprojectableEventError('STALE_EVENT', reason, { eventId: event.eventId, type: event.type, streamId: event.streamId, streamVersion: event.streamVersion });
      results.push({ outcome: 'refused', error });
      continue;
    }
    position += 1n;
    stored.present.set(event.eventId, next);
    changed.apply(step, event.globalPosition);
    if (first === null || Date.parse(event.recordedAt) < Date.parse(first)) first = event.recordedAt;
    if (latest === null || Date.parse(event.recordedAt) > Date.parse(latest)) latest = event.recordedAt;
    copied.push({ position: next, event, subject: subjectOf(event), source, received });
    results.push({ outcome: 'copied', position: next, applied: step.outcome });
  }
  return { results, copied, position: position.toString(), first, latest };
}

/** appendEvents' target: the active generation, whatever its number. */
export const ACTIVE_GENERATION = 'active';

const LOCK_ACTIVE = `SELECT generation, position::text AS position FROM generations
                       WHERE generation = (SELECT generation FROM active_generation FOR SHARE) FOR UPDATE`;

/**
 * The generation's row locked FOR UPDATE (it hands out the positions) and its position. The active
 * one is found and locked in the same statement: active_generation FOR SHARE first (appends go on side
 * by side; a switch-over to a rebuilt generation, FOR UPDATE, waits for them and holds new ones), then
 * the generation's row, as the two statements before it did in that order.
 */
async function lockGeneration(tx: EventStoreTransaction, target: number | typeof ACTIVE_GENERATION): Promise<{ generation: number; position: string }> {
  const { rows } =
    target === ACTIVE_GENERATION
      ? await tx.query<{ generation: number; position: string }>(LOCK_ACTIVE)
      : await tx.query<{ generation: number; position: string }>('SELECT generation, position::text AS position FROM generations WHERE generation = $1 FOR UPDATE', [
          target,
        ]);
  return lockedRow(rows[0], target);
}

function lockedRow(row: { generation: number; position: string } | undefined, target: number | typeof ACTIVE_GENERATION): { generation: number; position: string } {
  if (row === undefined) {
    throw new Error(target === ACTIVE_GENERATION ? 'reporting.active_generation is empty or names no generation: the migrations did not run' : `reporting generation ${target} does not exist`);
  }
  return row;
}

/**
 * appendEvents' lock and read into the active generation as statements for the simple protocol, for
 * the consumer to send with BEGIN (openChunk): the read names the generation as a subquery, which in
 * the statements after the lock is the one it locked (a switch-over waits for the lock's FOR SHARE).
 * The lock is prepared once per connection; the read is planned each time with its values written
 * in, because its generic plan scans every stream head of the generation (the keys' arrays are of
 * unknown length to it), and as an EXECUTE with custom plans it took more of PostgreSQL's time than
 * planned as text (pg_stat_statements in B4).
 */
export function openAppend(events: readonly RecordedEvent[]): SimpleStatement[] {
  const read = eventRowsQuery(new SqlFragment('(SELECT generation FROM active_generation)'), events);
  return [new PreparedCall(LOCK_ACTIVE, []), inlineParameters(read.text, read.values)];
}

/**
 * What the caller's transaction did and offers for an append into the active generation: openAppend's
 * results, sent with BEGIN, and the end of the transaction, which carries the write with COMMIT.
 */
export interface OpenedAppend {
  readonly opened: readonly QueryResult[];
  readonly end: TransactionEnd;
}

/**
 * Copies events, in order, into a generation and applies them to its read models, in the caller's
 * transaction, in three round trips whatever their number: the lock on the generation's row
 * (with the active generation's lock when the target is ACTIVE_GENERATION)
 * (which hands out the positions: dense, committed in order, so a reader of "everything after
 * position N" never misses a late commit), one read of the rows the events touch, one write of
 * everything that changed. Each event goes through stepEvent on the rows the previous ones left.
 * One the read models refuse is reported (and leaves nothing behind); the others go on. An event
 * the copy holds already (by id) changes nothing. Given `openedAppend`, none of the three is a
 * round trip of its own: the lock and the read went with BEGIN, the write goes with COMMIT.
 */
export async function appendEvents(
  tx: EventStoreTransaction,
  target: number | typeof ACTIVE_GENERATION,
  items: readonly CopyItem[],
  openedAppend?: OpenedAppend,
): Promise<AppendResult[]> {
  if (items.length === 0) return [];
  if (openedAppend && target !== ACTIVE_GENERATION) throw new Error('openAppend locks and reads the active generation only');
  const [lock, read] = openedAppend?.opened ?? [];
  const { generation, position: last } = lock ? lockedRow(lock.rows[0] as { generation: number; position: string } | undefined, target) : await lockGeneration(tx, target);
  const stored = read ? storedRowsOf(read.rows[0] as StoredRowsRow | undefined) : await readRows(tx, generation, items.map((i) => i.event));
  const changed = new ChunkRows(stored);

  const { results, copied, position, first, latest } = stepChunk(stored, changed, last, items);
  if (copied.length === 0) return results;

  const params: unknown[] = [generation, position, copied.length, first, latest];
  const rows = (value: unknown[]): string => {
    params.push(JSON.stringify(value));
    return `jsonb_to_recordset($${params.length}::jsonb)`;
  };
  const writes: string[] = [];
  if (copied.length >= COPY_FROM) {
    // Most of a large chunk's bytes are its envelopes: COPY takes them without a JSON document around them to parse first.
    await sendPipelined(tx, [{ kind: 'copy', table: 'event_log', columns: EVENT_LOG_COLUMNS, text: eventLogLines(generation, copied) }]).done;
  } else {
    const values = copied.map(({ position: p, event, subject, source }) => ({
      position: p,
      event_id: event.eventId,
      stream_id: event.streamId,
      stream_version: event.streamVersion,
      subject,
      type: event.type,
      recorded_at: event.recordedAt,
      source_topic: source.topic,
      source_partition: source.partition,
      source_offset: source.offset,
      source_position: event.globalPosition,
      envelope: event,
    }));
    writes.push(
      `copied AS (INSERT INTO event_log (${EVENT_LOG_COLUMNS})
                  SELECT $1, position, event_id, stream_id, stream_version, subject, type, recorded_at, source_topic, source_partition, source_offset, source_position, envelope
                    FROM ${rows(values)} AS x(position bigint, event_id uuid, stream_id text, stream_version integer, subject text, type text, recorded_at timestamptz,
                                              source_topic text, source_partition integer, source_offset bigint, source_position bigint, envelope jsonb))`,
    );
  }
  writes.push(...rowWrites(changed, rows));
  const write = `WITH ${writes.join(',\n')}
     UPDATE generations
        SET position = $2::bigint, events = events + $3::integer,
            first_recorded_at = LEAST(COALESCE(first_recorded_at, $4::timestamptz), $4::timestamptz),
            last_recorded_at = GREATEST(COALESCE(last_recorded_at, $5::timestamptz), $5::timestamptz)
      WHERE generation = $1`;
  // With openAppend, the write needs no answer: it goes with COMMIT.
  if (openedAppend) openedAppend.end.withCommit(new PreparedCall(write, params));
  else await tx.query(write, params);
  return results;
}

/** appendEvents of one event; a refusal is thrown. */
export async function appendEvent(tx: EventStoreTransaction, generation: number, event: RecordedEvent, source: SourceInfo): Promise<AppendOutcome> {
  const [result] = await appendEvents(tx, generation, [{ event, source }]);
  if (!result) throw new Error('appendEvents returned nothing');
  if (result.outcome === 'refused') throw result.error;
  return result;
}
