import { type CommandMetadata, DomainError, type RecordedEvent } from '@budget/domain';
import { type PostgresEventStore, StreamVersionConflictError } from '@budget/event-store';
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

const stored = [1, 2, 3].map((v) => ({ type: 'Bumped', schemaVersion: 1, data: { by: 'owner-1' }, streamVersion: v }) as unknown as RecordedEvent);
const append = jest.fn();
const store = { readStream: () => Promise.resolve(stored), append } as unknown as PostgresEventStore;
const bump = (actorId: string): Cmd => ({ type: 'Bump', metadata: { now: '2026-01-01T00:00:00Z', actor: { id: actorId, role: 'unit_clerk' }, correlationId: 'c' } });

describe('EventSourcedRepository: authorization before the version check', () => {
  const repo = new EventSourcedRepository(store, kind);

  it('refuses a stranger with a stale version as forbidden, without naming the current version', async () => {
    const error = await repo.execute('s-1', bump('stranger'), { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(StreamVersionConflictError);
    expect((error as DomainError).code).toBe('FORBIDDEN');
    expect(JSON.stringify((error as DomainError).details)).not.toContain('3');
    expect(append).not.toHaveBeenCalled();
  });

  it('still answers the owner’s stale version with the conflict', async () => {
    await expect(repo.execute('s-1', bump('owner-1'), { expectedVersion: 1 })).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(append).not.toHaveBeenCalled();
  });
});
