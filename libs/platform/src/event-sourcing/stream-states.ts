/** A stream's state as a repository's own append left it: the version and head hash it was appended at. */
export interface StreamState<S> {
  readonly state: S;
  readonly version: number;
  /** The hash of the stream's last event: the next append is chained on it and written only if it is still the head. */
  readonly head: string;
}

/**
 * The states a repository's appends left, the most recently used `capacity` of them, so the next
 * command on the same stream (a submission, then the review's decision on it a moment later) is
 * decided without reading the stream again. A state here is a guess, never a read: the append
 * decided on it is chained on its head, so if anyone else appended in between, or the transaction
 * that made it rolled back, nothing is written and the command is decided again on the stored
 * stream. States are frozen, deeply, when kept: a caller changing one would otherwise change what
 * the next command is decided on.
 */
export class StreamStates<S> {
  private readonly states = new Map<string, StreamState<S>>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): StreamState<S> | undefined {
    const found = this.states.get(streamId);
    if (found) {
      // Most recently used last: Map keeps insertion order.
      this.states.delete(streamId);
      this.states.set(streamId, found);
    }
    return found;
  }

  set(streamId: string, state: StreamState<S>): void {
    if (this.capacity <= 0) return;
    deepFreeze(state.state);
    this.states.delete(streamId);
    this.states.set(streamId, state);
    if (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value!);
  }

  delete(streamId: string): void {
    this.states.delete(streamId);
  }
}

/** Freezes `value` and everything it holds; a part already frozen (shared with a state kept before) is not walked again. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}
