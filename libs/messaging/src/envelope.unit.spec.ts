import { type RecordedEvent } from '@budget/domain';
import { MalformedMessageError, parseRecordedEvent } from './envelope';

const valid: RecordedEvent = {
  eventId: '3f1c6a52-8a8e-4a53-9d0e-1c1a0e1b2c3d',
  type: 'SheetSubmitted',
  schemaVersion: 1,
  streamId: 'sheet-p1-2025',
  streamVersion: 3,
  globalPosition: '42',
  occurredAt: '2025-03-01T08:00:00.000Z',
  recordedAt: '2025-03-01T08:00:00.120Z',
  actor: { id: 'clerk-1', role: 'unit_clerk', unitId: 'u1' },
  correlationId: 'corr-1',
  causationId: null,
  data: { sheetId: 'p1' },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('parseRecordedEvent', () => {
  it('returns the envelope of a valid message, from a Buffer or a string', () => {
    expect(parseRecordedEvent(Buffer.from(JSON.stringify(valid)))).toEqual(valid);
    expect(parseRecordedEvent(JSON.stringify({ ...valid, eventId: valid.eventId.toUpperCase() })).eventId).toBe(valid.eventId);
  });

  it('accepts any data, including null, but requires the field', () => {
    expect(parseRecordedEvent(JSON.stringify({ ...valid, data: null })).data).toBeNull();
    const { data: _data, ...withoutData } = valid;
    expect(() => parseRecordedEvent(JSON.stringify(withoutData))).toThrow(/data must be present/);
  });

  it.each([
    ['null', null],
    ['empty', Buffer.alloc(0)],
    ['not JSON', Buffer.from('{"eventId": ')],
    ['an array', '[1,2]'],
    ['a number', '42'],
  ])('rejects a value that is %s', (_what, value) => {
    expect(() => parseRecordedEvent(value)).toThrow(MalformedMessageError);
  });

  it.each([
    ['eventId', { eventId: undefined }],
    ['eventId', { eventId: 'not-a-uuid' }],
    ['type', { type: '' }],
    ['schemaVersion', { schemaVersion: '1' }],
    ['streamId', { streamId: 7 }],
    ['streamVersion', { streamVersion: 0 }],
    ['globalPosition', { globalPosition: 42 }],
    ['occurredAt', { occurredAt: 'yesterday' }],
    ['recordedAt', { recordedAt: undefined }],
    ['actor', { actor: { id: 'x' } }],
    ['correlationId', { correlationId: null }],
    ['causationId', { causationId: 5 }],
    ['prevHash', { prevHash: undefined }],
    ['hash', { hash: null }],
  ])('names the bad field %s', (field, change) => {
    expect(() => parseRecordedEvent(JSON.stringify({ ...valid, ...change }))).toThrow(new RegExp(`${field} must be`));
  });

  it('lists every problem at once', () => {
    expect(() => parseRecordedEvent('{}')).toThrow(/eventId.*type.*schemaVersion.*streamId/);
  });
});
