/**
 * An aggregate's behaviour as three pure functions: what a command decides given the state, how
 * an event changes the state, and the state before the first event. Every aggregate exports one
 * (sheetDecider, reviewDecider, departmentDecider); the given/when/then tests run them.
 */
export interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}
