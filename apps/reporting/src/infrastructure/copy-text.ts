import { type RecordedEvent } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A field of COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyField(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/** What a COPY holds in memory before its writer waits for the server (a chunk's text is a few MiB). */
const QUEUED_BYTES = 64 * 1024 * 1024;

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
 * The driver's connection behind a transaction of the reporting store (ReportStore.transaction, the
 * consumers'): COPY streams through it. A transaction of another kind (an in-memory one) is refused.
 */
function pgConnection(tx: EventStoreTransaction): PoolClient {
  if (typeof (tx as Partial<PoolClient>).release !== 'function') throw new Error('COPY needs a PostgreSQL connection of the reporting store');
  return tx as PoolClient;
}

/** Writes `text` (COPY text format) into `table` with COPY FROM STDIN, in the caller's transaction. */
export async function copyInto(tx: EventStoreTransaction, table: string, columns: string, text: string | Buffer): Promise<void> {
  const copy = openCopy(tx, table, columns);
  await copy.write(text);
  await copy.end();
}

/** A COPY FROM STDIN in progress: pieces written as they are built, and its end. */
export interface CopyWriter {
  /** Sends a piece (whole lines) and lets the event loop run, so the server reads it while the caller builds the next one. */
  write(piece: string | Buffer): Promise<void>;
  /** Ends the COPY: resolves when the server has taken every line (or rejects with its error). */
  end(): Promise<void>;
}

/**
 * Opens a COPY FROM STDIN on the transaction's connection. The driver queues it behind the
 * statements sent before it, and its pieces wait in the stream until the server is ready for them:
 * a caller may open the next COPY, or send the next statement, before this one has ended, and build
 * their text while the server works through this one. Every promise it hands out settles, so a
 * failure surfaces once, where the caller awaits.
 */
export function openCopy(tx: EventStoreTransaction, table: string, columns: string): CopyWriter {
  // Pieces are queued in the stream until the server is ready for them: a COPY behind another statement takes them without waiting.
  const stream = pgConnection(tx).query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`, { highWaterMark: QUEUED_BYTES }));
  let failure: Error | null = null;
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', (error: Error) => {
      failure = error;
      reject(error);
    });
  });
  done.catch(() => undefined);
  return {
    async write(piece) {
      if (failure) throw failure;
      const flowing = stream.write(piece);
      await (flowing ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), done]));
    },
    end() {
      stream.end();
      return done;
    },
  };
}
