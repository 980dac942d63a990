import { compareSignedHeads, eventHash, GENESIS_HASH, HEAD_MISMATCH_TEXT, type EventStoreTransaction, type HeadMismatch, type SignedHead } from '@budget/event-store';
import { eventsAfter, hashesAt } from '../infrastructure/checkpoint-rows';
import { PAGE, type SigningRefusal } from './checkpoint-records';
import { type Pacer, unpaced } from './pacer';

// What signing and verification both ask of the event log: do signed heads still hold, and does each
// stream chain on from its signed head to its new one.

/** The first signed head whose event now has another hash or is gone. */
export async function mismatchedHeads(db: EventStoreTransaction, generation: number, heads: readonly SignedHead[], pacer: Pacer = unpaced()): Promise<HeadMismatch | null> {
  for (let i = 0; i < heads.length; i += PAGE) {
    await pacer.breathe();
    const page = heads.slice(i, i + PAGE);
    const found = await hashesAt(db, generation, page);
    const [mismatch] = compareSignedHeads(page, (id, version) => found.get(`${id}\u0000${version}`) ?? null);
    if (mismatch) return mismatch;
  }
  return null;
}

/**
 * For each stream: the event at the signed version still has the signed hash, and every event
 * after it links on (prevHash, own hash, no version gap) up to the head being signed. The pacer
 * lets the process's other work in between the events it hashes.
 */
export async function continuity(
  db: EventStoreTransaction,
  generation: number,
  streams: readonly { readonly head: SignedHead; readonly from: SignedHead | null }[],
  pacer: Pacer = unpaced(),
): Promise<Omit<SigningRefusal, 'scope'> | null> {
  for (let i = 0; i < streams.length; i += PAGE) {
    const page = streams.slice(i, i + PAGE);
    const expected = new Map(page.map((s) => [s.head.streamId, s]));
    const state = new Map(page.map((s) => [s.head.streamId, { version: s.from ? s.from.streamVersion - 1 : 0, hash: GENESIS_HASH, signed: s.from }]));
    const events = await eventsAfter(
      db,
      generation,
      page.map((s) => ({ streamId: s.head.streamId, after: s.from ? s.from.streamVersion - 1 : 0 })),
    );
    for (const e of events) {
      // Hashing a page's events takes long enough to hold up the consumer in this process.
      await pacer.breathe();
      const s = state.get(e.streamId)!;
      const at = { streamId: e.streamId, streamVersion: e.streamVersion };
      if (e.streamVersion !== s.version + 1) return { ...at, reason: '事件流版本不连续（缺少事件）' };
      if (s.signed && e.streamVersion === s.signed.streamVersion) {
        if (e.hash !== s.signed.hash) return { ...at, reason: HEAD_MISMATCH_TEXT.rewritten };
      } else {
        if (e.prevHash !== s.hash) return { ...at, reason: '事件的 prevHash 与上一事件的哈希值不符' };
        if (eventHash(e) !== e.hash) return { ...at, reason: '事件内容与其哈希值不符' };
      }
      state.set(e.streamId, { ...s, version: e.streamVersion, hash: e.hash });
    }
    for (const [id, s] of state) {
      const { head, from } = expected.get(id)!;
      if (from && s.version < from.streamVersion) return { streamId: id, streamVersion: from.streamVersion, reason: HEAD_MISMATCH_TEXT.missing };
      if (s.version !== head.streamVersion || s.hash !== head.hash) return { streamId: id, streamVersion: head.streamVersion, reason: '事件流的链头与最后一个事件不符' };
    }
  }
  return null;
}

