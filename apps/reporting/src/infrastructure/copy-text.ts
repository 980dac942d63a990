import { type RecordedEvent } from '@budget/domain';

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
 * COPY text from its pieces, as one buffer: each piece counted and written once. Lines are not
 * joined as strings first: a text built by `+=` is a rope V8 copies flat before it can count or
 * encode it, ≈ 10 ns per character for the rebuild's rows of several KiB each.
 */
export function copyBytes(pieces: readonly (string | Buffer)[]): Buffer {
  let size = 0;
  for (const piece of pieces) size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (const piece of pieces) at += typeof piece === 'string' ? bytes.write(piece, at) : piece.copy(bytes, at);
  return bytes;
}
