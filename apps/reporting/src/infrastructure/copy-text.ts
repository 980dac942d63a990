import { type RecordedEvent } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { from as copyFrom } from 'pg-copy-streams';
import { pgConnection } from './pipelined-writes';

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A field of COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyField(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

const BACKSLASH = 0x5c;
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * The envelope column of an event as a COPY field: the message's bytes as they came from Kafka when
 * they are the same document as the parsed event (the relay writes `JSON.stringify` of the event,
 * and jsonb keeps the content, not the spelling), without a byte COPY would read as an escape;
 * otherwise the event serialised again. `received` is the same document unless the parse changed
 * the event: it lower-cases the event id, so an envelope whose id is not found as given is serialised.
 */
export function envelopeField(event: RecordedEvent, received?: Buffer | null): Buffer | string {
  if (
    received &&
    received.indexOf(BACKSLASH) === -1 &&
    received.indexOf(TAB) === -1 &&
    received.indexOf(NEWLINE) === -1 &&
    received.indexOf(RETURN) === -1 &&
    received.includes(`"eventId":"${event.eventId}"`)
  ) {
    return received;
  }
  return copyField(JSON.stringify(event));
}

/**
 * Writes `text` (COPY text format) into `table` with COPY FROM STDIN, in the caller's transaction.
 * The driver queues the COPY behind the statements sent before it, and the text waits in the stream
 * until the server is ready for it: a caller may send the next COPY or statement without waiting for
 * this one. Resolves when the server has taken every line, or rejects with its error.
 */
export function copyInto(tx: EventStoreTransaction, table: string, columns: string, text: string | Buffer): Promise<void> {
  const stream = pgConnection(tx).query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  stream.end(text);
  return done;
}
