import { type RecordedEvent } from '@budget/domain';
import { copyBytes, copyField, envelopeField } from './copy-text';

const event: RecordedEvent = {
  eventId: '0b7f1a9e-7d0c-4c1e-9a43-2f4d1f0e8a11',
  type: 'SheetDrafted',
  schemaVersion: 1,
  streamId: 'sheet-1',
  streamVersion: 1,
  globalPosition: '7',
  occurredAt: '2024-01-02T03:04:05.000Z',
  recordedAt: '2024-01-02T03:04:05.000Z',
  actor: { id: 'u1', role: 'unit_clerk' },
  correlationId: 'c1',
  causationId: null,
  data: { name: '党员教育培训', amount: 120000 },
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
};

describe('copyField', () => {
  it('escapes backslash, tab, newline and carriage return, and leaves other text as it is', () => {
    expect(copyField('预算 "绩效"')).toBe('预算 "绩效"');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });
});

describe('envelopeField', () => {
  it('given the message value as the relay sent it, when it holds nothing COPY would read as an escape, then writes those bytes', () => {
    const received = Buffer.from(JSON.stringify(event));
    expect(envelopeField(event, received)).toBe(received);
  });

  it('given no message value, then serialises the event', () => {
    expect(envelopeField(event)).toBe(JSON.stringify(event));
    expect(envelopeField(event, null)).toBe(JSON.stringify(event));
  });

  it('given a value with a backslash (an escaped quote), then serialises the event and escapes it for COPY', () => {
    const quoted = { ...event, data: { name: 'say "预算"' } };
    const field = envelopeField(quoted, Buffer.from(JSON.stringify(quoted)));
    expect(field).toBe(JSON.stringify(quoted).replace(/\\/g, '\\\\'));
  });

  it('given a value whose event id the parse lower-cased, then writes the parsed event, not the bytes', () => {
    const received = Buffer.from(JSON.stringify({ ...event, eventId: event.eventId.toUpperCase() }));
    expect(envelopeField(event, received)).toBe(JSON.stringify(event));
  });

  it('given a value spread over lines (another producer), then serialises the event', () => {
    const received = Buffer.from(JSON.stringify(event, null, 2));
    expect(envelopeField(event, received)).toBe(JSON.stringify(event));
  });
});

describe('copyBytes', () => {
  it('given strings (Chinese among them) and buffers, when joined, then gives their UTF-8 bytes in order, with nothing left over', () => {
    const pieces = ['7\t预算\t', Buffer.from('{"名称":"绩效"}'), '\n', '', Buffer.alloc(0), '8\t\\N\n'];
    const bytes = copyBytes(pieces);
    expect(bytes.toString('utf8')).toBe('7\t预算\t{"名称":"绩效"}\n8\t\\N\n');
    expect(bytes.length).toBe(Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).length);
  });
});
