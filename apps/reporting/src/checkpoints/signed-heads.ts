import { compareSignedHeads, eventHash, GENESIS_HASH, HEAD_MISMATCH_TEXT, type EventStoreTransaction, type HeadMismatch, type SignedHead } from '@budget/event-store';
import type { RecordedEvent } from '@budget/domain';
import { PAGE, type SigningRefusal } from './checkpoint-records';

// What signing and verification both ask of the event log: do signed heads still hold, and does each
// stream chain on from its signed head to its new one.

/** The first signed head whose event now has another hash or is gone. */
export async function mismatchedHeads(db: EventStoreTransaction, generation: number, heads: readonly SignedHead[]): Promise<HeadMismatch | null> {
  for (let i = 0; i < heads.length; i += PAGE) {
    const page = heads.slice(i, i + PAGE);
    const { rows } = await db.query<{ stream_id: string; stream_version: number; hash: string }>(
      `SELECT l.stream_id, l.stream_version, l.envelope->>'hash' AS hash
         FROM event_log l JOIN unnest($2::text[], $3::int[]) AS w(stream_id, stream_version) ON l.stream_id = w.stream_id AND l.stream_version = w.stream_version
        WHERE l.generation = $1`,
      [generation, page.map((h) => h.streamId), page.map((h) => h.streamVersion)],
    );
    const found = new Map(rows.map((r) => [`${r.stream_id}\u0000${r.stream_version}`, r.hash]));
    const [mismatch] = compareSignedHeads(page, (id, version) => found.get(`${id}\u0000${version}`) ?? null);
    if (mismatch) return mismatch;
  }
  return null;
}

/**
 * For each stream: the event at the signed version still has the signed hash, and every event
 * after it links on (prevHash, own hash, no version gap) up to the head being signed.
 */
export async function continuity(
  db: EventStoreTransaction,
  generation: number,
  streams: readonly { readonly head: SignedHead; readonly from: SignedHead | null }[],
): Promise<Omit<SigningRefusal, 'scope'> | null> {
  for (let i = 0; i < streams.length; i += PAGE) {
    const page = streams.slice(i, i + PAGE);
    const expected = new Map(page.map((s) => [s.head.streamId, s]));
    const state = new Map(page.map((s) => [s.head.streamId, { version: s.from ? s.from.streamVersion - 1 : 0, hash: GENESIS_HASH, signed: s.from }]));
    const { rows } = await db.query<{ envelope: RecordedEvent }>(
      `SELECT l.envelope FROM event_log l JOIN unnest($2::text[], $3::int[]) AS w(stream_id, after) ON l.stream_id = w.stream_id AND l.stream_version > w.after
        WHERE l.generation = $1 ORDER BY l.stream_id, l.stream_version`,
      [generation, page.map((s) => s.head.streamId), page.map((s) => (s.from ? s.from.streamVersion - 1 : 0))],
    );
    for (const { envelope: e } of rows) {
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

