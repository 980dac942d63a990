import { type Decider } from '../core/decider';
import { DomainError, type DomainErrorCode } from '../errors';

export type { Decider } from '../core/decider';

export interface WhenStep<Event, State> {
  /** The command yields exactly these events; they are also folded, so `evolve` must accept them. */
  then(expected: readonly Event[]): void;
  /** The command yields these events and the resulting state satisfies `check`. */
  thenState(check: (state: State, events: readonly Event[]) => void): void;
  /** The command is refused with a DomainError of this code; `check` may inspect the error further. */
  thenThrows(code: DomainErrorCode, check?: (error: DomainError) => void): void;
}

export interface GivenStep<Command, Event, State> {
  when(command: Command): WhenStep<Event, State>;
}

/**
 * `const given = deciderSpec(decider); given([...past]).when(command).then([...new])`.
 * Jest globals are used on purpose: this file only ever runs inside tests.
 */
export function deciderSpec<Command, Event, State>(
  decider: Decider<Command, Event, State>,
): (events: readonly Event[]) => GivenStep<Command, Event, State> {
  const fold = (events: readonly Event[], from: State): State => events.reduce(decider.evolve, from);

  return (past) => ({
    when(command) {
      const run = (): { readonly state: State; readonly events: readonly Event[] } => {
        const before = fold(past, decider.initialState());
        const events = decider.decide(command, before);
        return { events, state: fold(events, before) };
      };

      return {
        then(expected) {
          expect(run().events).toEqual(expected);
        },
        thenState(check) {
          const { state, events } = run();
          check(state, events);
        },
        thenThrows(code, check) {
          let thrown: unknown;
          let events: readonly Event[] | undefined;
          try {
            events = run().events;
          } catch (error) {
            thrown = error;
          }
          if (thrown === undefined) {
            throw new Error(`expected DomainError ${code}, but the command produced ${JSON.stringify(events)}`);
          }
          if (!(thrown instanceof DomainError)) {
            throw new Error(`expected DomainError ${code}, got ${thrown instanceof Error ? thrown.message : JSON.stringify(thrown)}`, { cause: thrown });
          }
          if (thrown.code !== code) {
            throw new Error(`expected DomainError ${code}, got ${thrown.code}: ${thrown.message} ${JSON.stringify(thrown.details)}`);
          }
          check?.(thrown);
        },
      };
    },
  });
}
