import { type CommandMetadata, DomainError } from '@budget/domain';
import { StreamVersionConflictError, verifyRecordedChain } from '@budget/event-store';
import { InMemoryEventStore } from '@budget/event-store/testing';
import { type AggregateKind, EventSourcedRepository } from './event-sourced-repository';
import { close, door, open } from './testing/door';

interface Cmd {
  readonly type: 'Bump';
  readonly metadata: CommandMetadata;
}
interface Evt {
  readonly type: 'Bumped';
  readonly data: { readonly by: string };
}
type State = { readonly owner: string; readonly count: number };

const kind: AggregateKind<Cmd, Evt, State> = {
  name: 'counter',
  decider: {
    initialState: () => ({ owner: 'owner-1', count: 0 }),
    evolve: (s, e) => ({ ...s, count: s.count + (e.type === 'Bumped' ? 1 : 0) }),
    decide: (c, s) => {
      if (c.metadata.actor.id !== s.owner) throw new DomainError('FORBIDDEN', '无权修改');
      return [{ type: 'Bumped', data: { by: c.metadata.actor.id } }];
    },
  },
  upcast: (stored) => stored as unknown as Evt,
  schemaVersions: { Bumped: 1 },
};

const bump = (actorId: string): Cmd => ({ type: 'Bump', metadata: { now: '2026-01-01T00:00:00Z', actor: { id: actorId, role: 'unit_clerk' }, correlationId: 'c' } });

describe('EventSourcedRepository: authorization before the version check', () => {
  const store = new InMemoryEventStore();
  const repo = new EventSourcedRepository(store, kind);

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) await repo.execute('s-1', bump('owner-1'));
  });

  it('refuses a stranger with a stale version as forbidden, without naming the current version', async () => {
    const error = await repo.execute('s-1', bump('stranger'), { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(StreamVersionConflictError);
    expect((error as DomainError).code).toBe('FORBIDDEN');
    expect(JSON.stringify((error as DomainError).details)).not.toContain('3');
    expect(await store.streamVersion('s-1')).toBe(3);
  });

  it('still answers the owner’s stale version with the conflict', async () => {
    await expect(repo.execute('s-1', bump('owner-1'), { expectedVersion: 1 })).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(await store.streamVersion('s-1')).toBe(3);
  });
});

describe('EventSourcedRepository: the command path on the EventStore port', () => {
  it('appends the decided events with their schema version and writes the read model in the same transaction', async () => {
    const store = new InMemoryEventStore();
    const repo = new EventSourcedRepository(store, kind);
    const result = await repo.execute('s-2', [bump('owner-1'), bump('owner-1')], {
      project: async (tx, state, version) => void (await tx.query('UPDATE counters SET count = $1, version = $2', [state.count, version])),
    });
    expect(result.version).toBe(2);
    expect((await store.readStream('s-2')).map((e) => [e.type, e.schemaVersion, e.data])).toEqual([
      ['Bumped', 1, { by: 'owner-1' }],
      ['Bumped', 1, { by: 'owner-1' }],
    ]);
    expect(store.statements).toEqual([{ sql: 'UPDATE counters SET count = $1, version = $2', params: [2, 2] }]);
  });

  it('decides again on the new state when someone appended in between and no version was given', async () => {
    const store = new InMemoryEventStore();
    const repo = new EventSourcedRepository(store, kind);
    await repo.execute('s-3', bump('owner-1'));
    let raced = false;
    const result = await repo.execute('s-3', bump('owner-1'), {
      project: async () => {
        if (raced) return;
        raced = true;
        await repo.execute('s-3', bump('owner-1'));
      },
    });
    expect(result.version).toBe(3);
    expect(await store.streamVersion('s-3')).toBe(3);
  });
});

describe('EventSourcedRepository: the state its last append left', () => {
  it('decides the next command on it, without reading the stream again', async () => {
    const store = new InMemoryEventStore();
    const repo = new EventSourcedRepository(store, door);
    await repo.execute('d-1', open);
    const reads = jest.spyOn(store, 'readStream');
    const result = await repo.execute('d-1', close);
    expect(reads).not.toHaveBeenCalled();
    expect(result.version).toBe(2);
    expect((await store.readStream('d-1')).map((e) => e.type)).toEqual(['Opened', 'Closed']);
    expect(verifyRecordedChain(store.all())).toMatchObject({ ok: true });
  });

  it('when someone else appended since, writes nothing on it and decides again on the stored stream', async () => {
    const store = new InMemoryEventStore();
    const mine = new EventSourcedRepository(store, door);
    const theirs = new EventSourcedRepository(store, door);
    await mine.execute('d-2', open);
    await theirs.execute('d-2', close);
    // Kept: open. Stored: closed. Open is refused on the kept state and allowed on the stored one.
    const result = await mine.execute('d-2', open);
    expect(result.version).toBe(3);
    expect(result.state).toEqual({ open: true, history: ['Opened', 'Closed', 'Opened'] });
    expect((await store.readStream('d-2')).map((e) => e.type)).toEqual(['Opened', 'Closed', 'Opened']);
    expect(verifyRecordedChain(store.all())).toMatchObject({ ok: true });
  });

  it('when the command is allowed on both, the stale state writes nothing and the stored one decides', async () => {
    const store = new InMemoryEventStore();
    const mine = new EventSourcedRepository(store, kind);
    const theirs = new EventSourcedRepository(store, kind);
    await mine.execute('c-1', bump('owner-1'));
    await theirs.execute('c-1', bump('owner-1'));
    const result = await mine.execute('c-1', bump('owner-1'));
    expect(result).toMatchObject({ version: 3, state: { count: 3 } });
    expect((await store.readStream('c-1')).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(verifyRecordedChain(store.all())).toMatchObject({ ok: true });
  });

  it('is not used when the client saw another version: the stored stream answers', async () => {
    const store = new InMemoryEventStore();
    const mine = new EventSourcedRepository(store, kind);
    const theirs = new EventSourcedRepository(store, kind);
    await mine.execute('c-2', bump('owner-1'));
    await theirs.execute('c-2', bump('owner-1'));
    expect((await mine.execute('c-2', bump('owner-1'), { expectedVersion: 2 })).version).toBe(3);
    await expect(mine.execute('c-2', bump('owner-1'), { expectedVersion: 2 })).rejects.toBeInstanceOf(StreamVersionConflictError);
  });

  it('refuses on the stored stream only: a refusal on the kept state is not the answer', async () => {
    const store = new InMemoryEventStore();
    const repo = new EventSourcedRepository(store, door);
    await repo.execute('d-3', open);
    await expect(repo.execute('d-3', open)).rejects.toThrow('已打开');
    expect(await store.streamVersion('d-3')).toBe(1);
  });

  it('is frozen: a caller cannot change what the next command is decided on', async () => {
    const repo = new EventSourcedRepository(new InMemoryEventStore(), door);
    const { state } = await repo.execute('d-4', open);
    expect(() => (state.history as string[]).push('tampered')).toThrow(TypeError);
    expect((await repo.execute('d-4', close)).state.history).toEqual(['Opened', 'Closed']);
  });

  it('presumed new (presumeNew): decided on the empty stream without reading it; when it exists, decided again as stored', async () => {
    const store = new InMemoryEventStore();
    const theirs = new EventSourcedRepository(store, door);
    const mine = new EventSourcedRepository(store, door, { presumeNew: (commands) => commands.every((c) => c.type === 'Open') });
    const reads = jest.spyOn(store, 'readStream');
    expect((await mine.execute('d-8', open)).version).toBe(1);
    expect(reads).not.toHaveBeenCalled();
    await theirs.execute('d-9', open);
    await theirs.execute('d-9', close);
    const result = await mine.execute('d-9', open);
    expect(result).toMatchObject({ version: 3, state: { open: true } });
    expect((await store.readStream('d-9')).map((e) => e.type)).toEqual(['Opened', 'Closed', 'Opened']);
  });

  it('keeps only the most recently used streams', async () => {
    const store = new InMemoryEventStore();
    const repo = new EventSourcedRepository(store, door, { keptStates: 2 });
    for (const id of ['d-5', 'd-6', 'd-7']) await repo.execute(id, open);
    const reads = jest.spyOn(store, 'readStream');
    await repo.execute('d-7', close);
    await repo.execute('d-6', close);
    expect(reads).not.toHaveBeenCalled();
    await repo.execute('d-5', close);
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
