import { PostgresEventStore, verifyRecordedChain, withTransaction } from '@budget/event-store';
import { type TestSchema, createTestSchema } from '@budget/event-store/testing';
import { EventSourcedRepository } from './event-sourced-repository';
import { close, door, open } from './testing/door';

let db: TestSchema;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestSchema('repo_test');
  store = new PostgresEventStore(db.pool, { schema: db.schema, outboxTopic: null });
});

afterAll(async () => {
  await db.drop();
});

const types = async (streamId: string): Promise<string[]> => (await store.readStream(streamId)).map((e) => e.type);

describe('EventSourcedRepository on PostgreSQL: the state its last append left', () => {
  it('left by a transaction that rolled back: the next command is decided on what was committed', async () => {
    const repo = new EventSourcedRepository(store, door);
    await repo.execute('door-1', open);
    await expect(
      withTransaction(db.pool, async (tx) => {
        await repo.execute('door-1', close, { transaction: tx });
        throw new Error('the consumer failed after the append');
      }),
    ).rejects.toThrow('the consumer failed');
    // Kept: closed at version 2, never committed. Stored: open at version 1. Close is decided again, in a transaction that stays usable.
    const result = await withTransaction(db.pool, async (tx) => {
      const executed = await repo.execute('door-1', close, { transaction: tx });
      await tx.query('SELECT 1');
      return executed;
    });
    expect(result.version).toBe(2);
    expect(await types('door-1')).toEqual(['Opened', 'Closed']);
    expect(verifyRecordedChain(await store.readStream('door-1'))).toMatchObject({ ok: true });
  });

  it('stale because another process appended: inside a transaction, decided again on the stored stream and committed', async () => {
    const mine = new EventSourcedRepository(store, door);
    const theirs = new EventSourcedRepository(store, door);
    await mine.execute('door-2', open);
    await theirs.execute('door-2', close);
    await theirs.execute('door-2', open);
    // Kept by mine: open at version 1. Stored: open at version 3. Close holds on both: only the stored head takes it.
    const result = await withTransaction(db.pool, (tx) => mine.execute('door-2', close, { transaction: tx }));
    expect(result).toMatchObject({ version: 4, state: { open: false } });
    expect(await types('door-2')).toEqual(['Opened', 'Closed', 'Opened', 'Closed']);
    expect(verifyRecordedChain(await store.readStream('door-2'))).toMatchObject({ ok: true });
  });

  it('presumed new but there: the create writes nothing, and inside a transaction the commands are decided again on the stream', async () => {
    const theirs = new EventSourcedRepository(store, door);
    const mine = new EventSourcedRepository(store, door, { presumeNew: (commands) => commands.every((c) => c.type === 'Open') });
    await theirs.execute('door-5', open);
    await theirs.execute('door-5', close);
    const result = await withTransaction(db.pool, (tx) => mine.execute('door-5', open, { transaction: tx }));
    expect(result.version).toBe(3);
    expect(await types('door-5')).toEqual(['Opened', 'Closed', 'Opened']);
    expect(verifyRecordedChain(await store.readStream('door-5'))).toMatchObject({ ok: true });
  });

  it('reads the stream once for two commands in a row', async () => {
    const repo = new EventSourcedRepository(store, door);
    const reads = jest.spyOn(store, 'readStream');
    await repo.execute('door-3', open);
    await repo.execute('door-3', close);
    await repo.execute('door-3', open);
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    expect(await types('door-3')).toEqual(['Opened', 'Closed', 'Opened']);
  });
});
