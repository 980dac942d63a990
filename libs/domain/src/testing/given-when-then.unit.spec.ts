import { DomainError } from '../errors';
import { deciderSpec } from './given-when-then';

type Counter = { readonly count: number };
type Add = { readonly type: 'Add'; readonly by: number };
type Added = { readonly type: 'Added'; readonly by: number };

const given = deciderSpec<Add, Added, Counter>({
  initialState: () => ({ count: 0 }),
  evolve: (state, event) => ({ count: state.count + event.by }),
  decide: (command, state) => {
    if (command.by <= 0) throw new DomainError('VALIDATION_FAILED', 'by must be positive');
    if (state.count + command.by > 10) throw new DomainError('ILLEGAL_STATE', 'full');
    return [{ type: 'Added', by: command.by }];
  },
});

describe('given/when/then', () => {
  it('passes when the events match and folds them into the state', () => {
    given([{ type: 'Added', by: 2 }]).when({ type: 'Add', by: 3 }).then([{ type: 'Added', by: 3 }]);
    given([{ type: 'Added', by: 2 }])
      .when({ type: 'Add', by: 3 })
      .thenState((state) => expect(state).toEqual({ count: 5 }));
  });

  it('fails when the events differ', () => {
    expect(() => given([]).when({ type: 'Add', by: 3 }).then([{ type: 'Added', by: 4 }])).toThrow();
  });

  it('checks the code of a refusal', () => {
    given([{ type: 'Added', by: 9 }]).when({ type: 'Add', by: 3 }).thenThrows('ILLEGAL_STATE');
    expect(() => given([]).when({ type: 'Add', by: 0 }).thenThrows('ILLEGAL_STATE')).toThrow(
      'expected DomainError ILLEGAL_STATE, got VALIDATION_FAILED',
    );
  });

  it('fails thenThrows when the command succeeds', () => {
    expect(() => given([]).when({ type: 'Add', by: 1 }).thenThrows('ILLEGAL_STATE')).toThrow(
      'expected DomainError ILLEGAL_STATE, but the command produced [{"type":"Added","by":1}]',
    );
  });
});
