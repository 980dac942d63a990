import { createHash } from 'node:crypto';
import { type RecordedEvent } from '@budget/domain';
import { canonicalJson } from './canonical-json';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The envelope fields the hash covers: everything but the store's own bookkeeping (positions, recordedAt). */
export type HashedEventFields = Pick<
  RecordedEvent,
  | 'streamId'
  | 'streamVersion'
  | 'eventId'
  | 'type'
  | 'schemaVersion'
  | 'occurredAt'
  | 'actor'
  | 'correlationId'
  | 'causationId'
  | 'data'
  | 'prevHash'
>;

/** SHA-256 (hex) of the canonical JSON of the hashed fields; reporting recomputes it on its copies. */
export function eventHash(event: HashedEventFields): string {
  // Picked one by one so that extra properties of a full envelope never enter the hash.
  const hashed: HashedEventFields = {
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data: event.data,
    prevHash: event.prevHash,
  };
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

export type ChainBreakReason = 'hash-mismatch' | 'prev-hash-mismatch' | 'version-gap' | 'head-mismatch';

export interface ChainBreak {
  readonly streamId: string;
  readonly streamVersion: number;
  /** null when the broken link is a missing event (a stream head pointing past its last event). */
  readonly eventId: string | null;
  readonly reason: ChainBreakReason;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly firstBroken?: ChainBreak;
}

const chainVerificationListeners = new Set<(ok: boolean) => void>();

/** Tells `listener` the outcome of every verification of this process (for a metric operators alert on); returns the unsubscribe. */
export function onChainVerification(listener: (ok: boolean) => void): () => void {
  chainVerificationListeners.add(listener);
  return () => chainVerificationListeners.delete(listener);
}

/**
 * Follows the chains of per-stream links; feed it each stream's events in version order (streams
 * may interleave, as in a copy kept in global order). Stops at the first broken link.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { version: number; hash: string }>();
  private events = 0;
  private broken: ChainBreak | undefined;

  /** Returns false once a link is broken; later events are ignored. */
  check(event: HashedEventFields & { readonly hash: string }): boolean {
    if (this.broken) return false;
    const head = this.heads.get(event.streamId) ?? { version: 0, hash: GENESIS_HASH };
    const at = { streamId: event.streamId, streamVersion: event.streamVersion, eventId: event.eventId };
    this.events += 1;
    if (event.streamVersion !== head.version + 1) {
      this.broken = { ...at, reason: 'version-gap' };
    } else if (event.prevHash !== head.hash) {
      this.broken = { ...at, reason: 'prev-hash-mismatch' };
    } else if (eventHash(event) !== event.hash) {
      this.broken = { ...at, reason: 'hash-mismatch' };
    }
    this.heads.set(event.streamId, { version: event.streamVersion, hash: event.hash });
    return !this.broken;
  }

  /** Compares what a stream's head record claims with the last event seen of that stream. */
  checkHead(streamId: string, headVersion: number, headHash: string): boolean {
    if (this.broken) return false;
    const head = this.heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    if (head.version !== headVersion || head.hash !== headHash) {
      this.broken = {
        streamId,
        streamVersion: Math.max(headVersion, head.version),
        eventId: null,
        reason: head.version < headVersion ? 'version-gap' : 'head-mismatch',
      };
    }
    if (!this.heads.has(streamId)) this.heads.set(streamId, head);
    return !this.broken;
  }

  result(): ChainVerification {
    for (const listener of chainVerificationListeners) listener(!this.broken);
    return {
      ok: !this.broken,
      streamsChecked: this.heads.size,
      eventsChecked: this.events,
      ...(this.broken ? { firstBroken: this.broken } : {}),
    };
  }
}

/** Verifies any ordered copy of events (per stream in version order, complete from version 1). */
export function verifyRecordedChain(events: readonly RecordedEvent[]): ChainVerification {
  const verifier = new ChainVerifier();
  for (const event of events) {
    if (!verifier.check(event)) break;
  }
  return verifier.result();
}
