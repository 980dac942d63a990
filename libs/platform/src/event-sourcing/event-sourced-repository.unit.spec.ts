import { type CommandMetadata, DomainError } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { InMemoryEventStore } from '@budget/event-store/testing';
import { type AggregateKind, EventSourcedRepository } from './event-sourced-repository';

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
