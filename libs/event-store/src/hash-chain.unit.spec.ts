import { type RecordedEvent } from '@budget/domain';
import { GENESIS_HASH, eventHash, verifyRecordedChain } from './hash-chain';

function chainOf(streamId: string, count: number, firstPosition = 1): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let v = 1; v <= count; v += 1) {
    const fields = {
      streamId,
      streamVersion: v,
      eventId: `00000000-0000-4000-8000-${String(v).padStart(12, '0')}`,
      type: 'DraftEdited',
      schemaVersion: 1,
      occurredAt: '2024-03-01T08:00:00.000Z',
      actor: { id: 'clerk-1', role: 'unit_clerk' as const, unitId: 'u1' },
      correlationId: 'corr-1',
      causationId: null,
      data: { amount: v * 1.5, note: `第${v}次` },
      prevHash,
    };
    const hash = eventHash(fields);
    events.push({ ...fields, hash, globalPosition: String(firstPosition + v - 1), recordedAt: '2024-03-01T08:00:00.123Z' });
    prevHash = hash;
  }
  return events;
}

describe('eventHash', () => {
  const base = chainOf('s-1', 1)[0]!;

  it('is 64 hex characters and stable', () => {
    expect(eventHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(base)).toBe(eventHash({ ...base }));
  });

  it('does not depend on key order inside data and actor', () => {
    const reordered = { ...base, data: { note: '第1次', amount: 1.5 }, actor: { unitId: 'u1', role: 'unit_clerk' as const, id: 'clerk-1' } };
    expect(eventHash(reordered)).toBe(eventHash(base));
  });

  it('ignores bookkeeping the store adds (position, recordedAt, hash)', () => {
    expect(eventHash({ ...base, globalPosition: '99', recordedAt: '2030-01-01T00:00:00.000Z', hash: 'x' } as RecordedEvent)).toBe(eventHash(base));
  });

  it.each([
    ['streamId', { streamId: 's-2' }],
    ['streamVersion', { streamVersion: 2 }],
    ['eventId', { eventId: '00000000-0000-4000-8000-000000000009' }],
    ['type', { type: 'DraftCreated' }],
    ['schemaVersion', { schemaVersion: 2 }],
    ['occurredAt', { occurredAt: '2024-03-01T08:00:00.001Z' }],
    ['actor', { actor: { id: 'clerk-2', role: 'unit_clerk' as const } }],
    ['correlationId', { correlationId: 'corr-2' }],
    ['causationId', { causationId: 'cause' }],
    ['data', { data: { amount: 1.5000001, note: '第1次' } }],
    ['prevHash', { prevHash: 'f'.repeat(64) }],
  ])('changes when %s changes', (_field, change) => {
    expect(eventHash({ ...base, ...change })).not.toBe(eventHash(base));
  });
});

describe('verifyRecordedChain', () => {
  it('accepts intact chains, also interleaved in global order', () => {
    const a = chainOf('a', 3);
    const b = chainOf('b', 2, 10);
    const interleaved = [a[0]!, b[0]!, a[1]!, b[1]!, a[2]!];
    expect(verifyRecordedChain(interleaved)).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 5 });
    expect(verifyRecordedChain([])).toEqual({ ok: true, streamsChecked: 0, eventsChecked: 0 });
  });

  it('accepts a copy that went through JSON (key order and number spelling lost)', () => {
    const copy = JSON.parse(JSON.stringify(chainOf('a', 3)).replace(/"amount":1.5,/, '"amount":1.50,')) as RecordedEvent[];
    expect(verifyRecordedChain(copy).ok).toBe(true);
  });

  it('reports tampered data as a hash mismatch at that event', () => {
    const events = chainOf('a', 4);
    const third = events[2]!;
    events[2] = { ...third, data: { amount: 1_000_000, note: '第3次' } };
    expect(verifyRecordedChain(events)).toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 3,
      firstBroken: { streamId: 'a', streamVersion: 3, eventId: third.eventId, reason: 'hash-mismatch' },
    });
  });

  it('reports a re-hashed tampered event at the next link', () => {
    const events = chainOf('a', 3);
    const forged = { ...events[1]!, data: { amount: 0 } };
    events[1] = { ...forged, hash: eventHash(forged) };
    expect(verifyRecordedChain(events).firstBroken).toEqual({ streamId: 'a', streamVersion: 3, eventId: events[2]!.eventId, reason: 'prev-hash-mismatch' });
  });

  it('reports a missing event as a version gap', () => {
    const events = chainOf('a', 3);
    events.splice(1, 1);
    expect(verifyRecordedChain(events).firstBroken).toMatchObject({ streamId: 'a', streamVersion: 3, reason: 'version-gap' });
  });

  it('reports a first event whose prevHash is not the genesis value', () => {
    const [first] = chainOf('a', 1);
    const forged = { ...first!, prevHash: 'a'.repeat(64) };
    expect(verifyRecordedChain([{ ...forged, hash: eventHash(forged) }]).firstBroken?.reason).toBe('prev-hash-mismatch');
  });

  it('stops at the first broken link', () => {
    const a = chainOf('a', 2);
    const b = chainOf('b', 2);
    const brokenA = { ...a[1]!, type: 'Forged' };
    const brokenB = { ...b[0]!, type: 'Forged' };
    const result = verifyRecordedChain([a[0]!, brokenB, brokenA, b[1]!]);
    expect(result.firstBroken).toMatchObject({ streamId: 'b', streamVersion: 1 });
    expect(result.eventsChecked).toBe(2);
  });
});
