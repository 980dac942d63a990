import { type CommandMetadata } from '../events/envelope';

/**
 * An aggregate's behaviour as three pure functions: what a command decides given the state, how
 * an event changes the state, and the state before the first event. Every aggregate exports one
 * (sheetDecider, reviewDecider, departmentDecider); the given/when/then tests run them.
 */
export interface Decider<C, Event, State> {
  readonly decide: (command: C, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

/** A command of an aggregate: its type, its data, and who asks when (every aggregate's command union is made of these). */
export interface Command<T extends string, D> {
  readonly type: T;
  readonly data: D;
  readonly metadata: CommandMetadata;
}
