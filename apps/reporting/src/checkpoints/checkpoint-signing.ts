import { CHECKPOINT_KIND, type CheckpointPayload, type CheckpointScope, HEAD_MISMATCH_TEXT, sha256Hex, type EventStoreTransaction, type SignedHead, signPayload, verifySigned } from '@budget/event-store';
import type { ReportStore } from '../infrastructure/report-store';
import { insertCheckpoint, lastSignedPosition, latestCheckpointRows, signableHeads, streamsMovedBetween } from '../infrastructure/checkpoint-rows';
import { DEPARTMENT_SCOPE_YEAR, PAGE, sameHeads, scopeKey, scopeOfStream, type SigningRefusal, stored, type StoredCheckpoint } from './checkpoint-records';
import { type CheckpointConfig, verifyingKey } from './checkpoint-keys';
import { continuity, mismatchedHeads } from './signed-heads';
import { type Pacer } from './pacer';

export interface SigningRun {
  readonly generation: number;
  readonly position: string;
  readonly signed: readonly StoredCheckpoint[];
  /** Scopes looked at whose heads had not moved since their last checkpoint. */
  readonly unchanged: number;
  /** Scopes not signed because their history no longer matches their last checkpoint, or a chain is broken. */
  readonly refused: readonly SigningRefusal[];
}

/**
 * One signing run inside the caller's snapshot (REPEATABLE READ, under the signer lock): the heads of
 * every scope whose streams moved since the last checkpoints, signed with the service's Ed25519 key,
 * unless the scope's history no longer matches its last checkpoint (then refused, never re-signed).
 * The pacer bounds the run's share of the process and the database (see Pacer).
 */
export async function signMovedScopes(store: ReportStore, config: CheckpointConfig, db: EventStoreTransaction, now: () => Date, pacer: Pacer): Promise<SigningRun> {
  const generation = await store.activeGeneration(db);
  const meta = await store.generationMeta(generation, db);
  const position = meta.position;
  const after = await lastSignedPosition(db, generation);

  // The streams that moved since the last run, by scope.
  const moved = new Map<string, { scope: CheckpointScope; streams: Set<string> }>();
  for (const row of await streamsMovedBetween(db, generation, after, position)) {
    const scope = scopeOfStream(row.stream_id, row.department_id, row.fiscal_year);
    if (!scope) continue;
    const key = scopeKey(scope);
    const entry = moved.get(key) ?? { scope, streams: new Set<string>() };
    entry.streams.add(row.stream_id);
    moved.set(key, entry);
  }
  if (moved.size === 0) return { generation, position, signed: [], unchanged: 0, refused: [] };

  const previous = await latestPerScope(config, db, [...moved.values()].map((m) => m.scope));
  const allMoved = [...moved.values()].flatMap((m) => [...m.streams]);
  const heads = new Map<string, SignedHead>();
  for (let i = 0; i < allMoved.length; i += PAGE) {
    await pacer.breathe();
    for (const head of await signableHeads(db, generation, allMoved.slice(i, i + PAGE))) heads.set(head.streamId, head);
  }

  const signed: StoredCheckpoint[] = [];
  const refused: SigningRefusal[] = [];
  let unchanged = 0;
  const recordedAt = meta.lastRecordedAt;
  for (const { scope, streams } of moved.values()) {
    await pacer.breathe();
    const last = previous.get(scopeKey(scope)) ?? null;
    if (last && !last.valid) {
      refused.push({ scope, streamId: '', streamVersion: 0, reason: `上一个检查点（第 ${last.sequence} 个）的签名无效：检查点记录被改动` });
      continue;
    }
    const lastHeads = new Map((last?.heads ?? []).map((h) => [h.streamId, h]));
    const next = new Map(lastHeads);
    for (const id of streams) {
      const head = heads.get(id);
      if (head) next.set(id, head);
    }
    const sorted = [...next.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    if (last && sameHeads(sorted, last.heads)) {
      unchanged += 1;
      continue;
    }
    // The heads that did not move must still be there as signed; from each moved one (or from the
    // start) the chain must run on to its new head. Otherwise the scope is not signed again.
    const stillSigned = await mismatchedHeads(db, generation, [...lastHeads.values()].filter((h) => !streams.has(h.streamId)), pacer);
    if (stillSigned) {
      refused.push({ scope, streamId: stillSigned.streamId, streamVersion: stillSigned.streamVersion, reason: HEAD_MISMATCH_TEXT[stillSigned.reason] });
      continue;
    }
    const problem = await continuity(db, generation, [...streams].flatMap((id) => (heads.has(id) ? [{ head: heads.get(id)!, from: lastHeads.get(id) ?? null }] : [])), pacer);
    if (problem) {
      refused.push({ scope, ...problem });
      continue;
    }
    const payload: CheckpointPayload = {
      kind: CHECKPOINT_KIND,
      scope,
      sequence: (last?.sequence ?? 0) + 1,
      previous: last?.digest ?? null,
      generation,
      position,
      positionRecordedAt: recordedAt,
      heads: sorted,
      signedAt: now().toISOString(),
      keyId: config.keyId,
    };
    const s = signPayload(payload, config.privateKey);
    const row = await insertCheckpoint(db, {
      scope,
      sequence: payload.sequence,
      generation,
      position,
      signedAt: payload.signedAt,
      keyId: payload.keyId,
      payload: s.payload,
      digest: sha256Hex(s.payload),
      signature: s.signature,
    });
    signed.push(stored(row));
  }
  return { generation, position, signed, unchanged, refused };
}


/** The last checkpoint of each scope, its signature checked again. */
async function latestPerScope(config: CheckpointConfig, db: EventStoreTransaction, scopes: readonly CheckpointScope[]): Promise<Map<string, { heads: readonly SignedHead[]; sequence: number; digest: string; valid: boolean }>> {
  const out = new Map<string, { heads: readonly SignedHead[]; sequence: number; digest: string; valid: boolean }>();
  for (let i = 0; i < scopes.length; i += PAGE) {
    const page = scopes.slice(i, i + PAGE);
    for (const r of await latestCheckpointRows(db, page)) {
      const scope = { departmentId: r.department_id, fiscalYear: r.fiscal_year === DEPARTMENT_SCOPE_YEAR ? null : r.fiscal_year };
      // Carried forward only if it is what was signed: a row edited in the database must not be laundered into a new signature.
      const payload = JSON.parse(r.payload) as CheckpointPayload;
      const key = verifyingKey(config, r.key_id);
      const v = key ? verifySigned<CheckpointPayload>({ payload: r.payload, signature: r.signature }, key, CHECKPOINT_KIND) : null;
      const valid = v?.ok === true && scopeKey(v.payload.scope) === scopeKey(scope) && v.payload.sequence === r.sequence && sha256Hex(r.payload) === r.digest;
      out.set(scopeKey(scope), { heads: payload.heads, sequence: r.sequence, digest: r.digest, valid });
    }
  }
  return out;
}

