import { randomUUID } from 'node:crypto';
import { type NewEvent } from '@budget/domain';
import { type EventStore, StreamVersionConflictError } from '../event-store';
import { verifyRecordedChain } from '../hash-chain';

export interface ContractSubject {
  readonly store: EventStore;
  readonly close?: () => Promise<void>;
}

function newEvent(type: string, data: unknown = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      occurredAt: '2024-03-01T08:00:00.000Z',
      actor: { id: 'clerk-1', role: 'unit_clerk', unitId: 'u-1', name: '张三' },
      correlationId: 'corr-1',
      causationId: null,
    },
  };
}

const streamId = (): string => `sheet-${randomUUID()}`;

/**
 * What every EventStore promises the command path, run against each implementation: the
 * in-memory one as a unit test, PostgresEventStore as an integration test. A store that passes
 * can stand in for the other in the application's tests.
 */
export function describeEventStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });

    afterAll(async () => {
      await subject.close?.();
    });

    it('appends a new stream at version 0 and reads it back as recorded, hash-chained', async () => {
      const id = streamId();
      const { nextVersion, recorded } = await store.append(id, [newEvent('DraftCreated', { amount: 12_000, at: new Date('2024-03-01T00:00:00Z') }), newEvent('DraftEdited', { keep: undefined })], 0);
      expect(nextVersion).toBe(2);
      expect(recorded.map((e) => [e.streamId, e.streamVersion, e.type])).toEqual([
        [id, 1, 'DraftCreated'],
        [id, 2, 'DraftEdited'],
      ]);
      // What is returned is what is read back: JSON as stored (a Date becomes its string, undefined goes).
      expect(recorded[0]!.data).toEqual({ amount: 12_000, at: '2024-03-01T00:00:00.000Z' });
      expect(recorded[1]!.data).toEqual({});
      expect(recorded[0]!.actor).toEqual({ id: 'clerk-1', role: 'unit_clerk', unitId: 'u-1', name: '张三' });
      expect(await store.readStream(id)).toEqual(recorded);
      expect(verifyRecordedChain(recorded).ok).toBe(true);
      expect(await store.streamVersion(id)).toBe(2);
    });

    it('extends a stream after its current version and reads from a version on', async () => {
      const id = streamId();
      await store.append(id, [newEvent('A'), newEvent('B')], 0);
      const { nextVersion, recorded } = await store.append(id, [newEvent('C')], 2);
      expect(nextVersion).toBe(3);
      expect(recorded[0]!.prevHash).toBe((await store.readStream(id, 2))[0]!.hash);
      expect((await store.readStream(id, 3)).map((e) => e.type)).toEqual(['C']);
      expect(verifyRecordedChain(await store.readStream(id)).ok).toBe(true);
    });

    it('reads several streams in one read, each in version order, without the streams that have no events', async () => {
      const [a, b, none] = [streamId(), streamId(), streamId()];
      const fromA = (await store.append(a, [newEvent('A1'), newEvent('A2')], 0)).recorded;
      const fromB = (await store.append(b, [newEvent('B1')], 0)).recorded;
      fromA.push(...(await store.append(a, [newEvent('A3')], 2)).recorded);
      const read = await store.readStreams([b, none, a, a]);
      expect([...read.keys()].sort()).toEqual([a, b].sort());
      expect(read.get(a)).toEqual(fromA);
      expect(read.get(b)).toEqual(fromB);
      expect((await store.readStreams([])).size).toBe(0);
    });

    it('orders events of all streams by increasing global position', async () => {
      const a = await store.append(streamId(), [newEvent('A')], 0);
      const b = await store.append(streamId(), [newEvent('B'), newEvent('C')], 0);
      const positions = [...a.recorded, ...b.recorded].map((e) => BigInt(e.globalPosition));
      expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      expect(new Set(positions).size).toBe(3);
    });

    it('refuses an append at another version than the current one, writing nothing', async () => {
      const id = streamId();
      await store.append(id, [newEvent('A')], 0);
      for (const stale of [0, 2]) {
        const error = await store.append(id, [newEvent('B')], stale).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StreamVersionConflictError);
        expect(error).toMatchObject({ code: 'VERSION_CONFLICT', streamId: id, expectedVersion: stale, actualVersion: 1 });
      }
      expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A']);
    });

    it('lets only one of two creators of the same stream win', async () => {
      const id = streamId();
      const results = await Promise.allSettled([store.append(id, [newEvent('First')], 0), store.append(id, [newEvent('Second')], 0)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(StreamVersionConflictError);
      expect(await store.streamVersion(id)).toBe(1);
    });

    it('checks the version of an append without events', async () => {
      const id = streamId();
      await store.append(id, [newEvent('A')], 0);
      expect(await store.append(id, [], 1)).toEqual({ nextVersion: 1, recorded: [] });
      await expect(store.append(id, [], 0)).rejects.toBeInstanceOf(StreamVersionConflictError);
    });

    it('runs inTransaction with the recorded events, and keeps nothing when it throws', async () => {
      const id = streamId();
      let seen: readonly string[] = [];
      const { recorded } = await store.append(id, [newEvent('A')], 0, {
        inTransaction: (tx, rec) => {
          expect(typeof tx.query).toBe('function');
          seen = rec.map((e) => e.eventId);
          return Promise.resolve();
        },
      });
      expect(seen).toEqual(recorded.map((e) => e.eventId));

      await expect(
        store.append(id, [newEvent('B')], 1, {
          inTransaction: () => Promise.reject(new Error('read model refused')),
        }),
      ).rejects.toThrow('read model refused');
      expect(await store.streamVersion(id)).toBe(1);
      expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A']);
      // The stream goes on from where it was: the rolled-back append left no trace in the chain.
      await store.append(id, [newEvent('C')], 1);
      expect(verifyRecordedChain(await store.readStream(id)).ok).toBe(true);
    });

    it('refuses malformed arguments before writing anything', async () => {
      const id = streamId();
      await expect(store.append('', [newEvent('A')], 0)).rejects.toThrow(TypeError);
      await expect(store.append(id, [newEvent('A')], -1)).rejects.toThrow(/expectedVersion/);
      await expect(store.append(id, [{ ...newEvent('A'), eventId: 'not-a-uuid' }], 0)).rejects.toThrow(/eventId/);
      await expect(store.append(id, [{ ...newEvent('A'), schemaVersion: 0 }], 0)).rejects.toThrow(/schemaVersion/);
      await expect(store.append(id, [newEvent('A'), { ...newEvent(''), type: '' }], 0)).rejects.toThrow(/type/);
      expect(await store.streamVersion(id)).toBe(0);
      expect(await store.readStream(id)).toEqual([]);
    });
  });
}
