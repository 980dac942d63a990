import { type CommandMetadata, DomainError } from '@budget/domain';
import { type AggregateKind } from '../event-sourced-repository';

/** A door for the repository's tests: Open and Close each refused when the door is already so, and its history. */
export interface Toggle {
  readonly type: 'Open' | 'Close';
  readonly metadata: CommandMetadata;
}
export interface Toggled {
  readonly type: 'Opened' | 'Closed';
  readonly data: Record<string, never>;
}
export type Door = { readonly open: boolean; readonly history: readonly string[] };

export const door: AggregateKind<Toggle, Toggled, Door> = {
  name: 'door',
  decider: {
    initialState: () => ({ open: false, history: [] }),
    evolve: (s, e) => ({ open: e.type === 'Opened', history: [...s.history, e.type] }),
    decide: (c, s) => {
      if ((c.type === 'Open') === s.open) throw new DomainError('ILLEGAL_STATE', c.type === 'Open' ? '已打开' : '已关闭');
      return [{ type: c.type === 'Open' ? 'Opened' : 'Closed', data: {} }];
    },
  },
  upcast: (stored) => stored as unknown as Toggled,
  schemaVersions: { Opened: 1, Closed: 1 },
};

const metadata: CommandMetadata = { now: '2026-01-01T00:00:00Z', actor: { id: 'owner-1', role: 'unit_clerk' }, correlationId: 'c' };
export const open: Toggle = { type: 'Open', metadata };
export const close: Toggle = { type: 'Close', metadata };
