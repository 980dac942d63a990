import { randomUUID } from 'node:crypto';
import { type NewEvent } from '@budget/domain';
import { describeEventStoreContract } from './event-store-contract';
import { InMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('in memory', () => Promise.resolve({ store: new InMemoryEventStore() }));

const event = (type: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { type },
  metadata: { occurredAt: '2024-03-01T08:00:00.000Z', actor: { id: 'u', role: 'unit_clerk' }, correlationId: 'c', causationId: null },
});

describe('InMemoryEventStore: the read models’ statements', () => {
  it('records what inTransaction ran, answered by the responder, once the append commits', async () => {
    const store = new InMemoryEventStore({ respond: (sql) => (sql.startsWith('SELECT') ? [{ n: 7 }] : []) });
    let answer: unknown;
    await store.append('s-1', [event('A')], 0, {
      inTransaction: async (tx, recorded) => {
        await tx.query('INSERT INTO rows (id, version) VALUES ($1, $2)', ['s-1', recorded.length]);
        answer = (await tx.query<{ n: number }>('SELECT n FROM rows')).rows[0]?.n;
      },
    });
    expect(answer).toBe(7);
    expect(store.statements).toEqual([
      { sql: 'INSERT INTO rows (id, version) VALUES ($1, $2)', params: ['s-1', 1] },
      { sql: 'SELECT n FROM rows', params: [] },
    ]);
  });

  it('drops the statements of an append that rolled back', async () => {
    const store = new InMemoryEventStore();
    await expect(
      store.append('s-1', [event('A')], 0, {
        inTransaction: async (tx) => {
          await tx.query('INSERT INTO rows VALUES (1)');
          throw new Error('refused');
        },
      }),
    ).rejects.toThrow('refused');
    expect(store.statements).toEqual([]);
    expect(store.all()).toEqual([]);
  });

  it('writes into a transaction the caller holds, which keeps its own statements', async () => {
    const store = new InMemoryEventStore();
    const tx = store.transaction();
    await store.append('s-1', [event('A')], 0, { transaction: tx, inTransaction: async (t) => void (await t.query('UPDATE rows SET n = 1')) });
    expect(tx.statements.map((s) => s.sql)).toEqual(['UPDATE rows SET n = 1']);
    expect(store.statements).toEqual([]);
    expect((await store.readStream('s-1', 1, tx)).map((e) => e.type)).toEqual(['A']);
  });

  it('stamps the recorded time from its clock', async () => {
    const store = new InMemoryEventStore({ now: () => new Date('2024-05-06T07:08:09Z') });
    const { recorded } = await store.append('s-1', [event('A')], 0);
    expect(recorded[0]!.recordedAt).toBe('2024-05-06T07:08:09.000Z');
  });
});
