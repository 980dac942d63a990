import { CHECKPOINT_KIND, type CheckpointPayload, type CheckpointScope, HEAD_MISMATCH_TEXT, sha256Hex, type EventStoreTransaction, type SignedHead, verifySigned } from '@budget/event-store';
import { checkpointsAfter } from '../infrastructure/checkpoint-rows';
import { describeScope, scopeKey, stored } from './checkpoint-records';
import { type CheckpointConfig, verifyingKey } from './checkpoint-keys';
import { mismatchedHeads } from './signed-heads';

export type CheckpointProblemReason = 'rewritten' | 'missing' | 'bad-signature' | 'unknown-key' | 'broken-sequence';

export interface CheckpointProblem {
  readonly checkpointId: string;
  readonly scope: CheckpointScope;
  readonly reason: CheckpointProblemReason;
  readonly streamId: string | null;
  readonly streamVersion: number | null;
  readonly signedHash: string | null;
  readonly actualHash: string | null;
  readonly message: string;
}

export interface CheckpointCheck {
  readonly ok: boolean;
  readonly checkpointsChecked: number;
  readonly scopesChecked: number;
  readonly headsChecked: number;
  readonly latest: { readonly id: string; readonly signedAt: string; readonly position: string; readonly generation: number } | null;
  readonly firstProblem: CheckpointProblem | null;
}

/**
 * The copy against the signed checkpoints, in the caller's snapshot: every checkpoint's
 * signature (with the key it names) and its link to the scope's previous one; then the heads of
 * each scope's latest checkpoint against the events now at those versions.
 */
export async function checkCheckpoints(config: CheckpointConfig, db: EventStoreTransaction, generation: number, departmentIds?: readonly string[]): Promise<CheckpointCheck> {
  let checkpoints = 0;
  let firstProblem: CheckpointProblem | null = null;
  const latest = new Map<string, { id: string; scope: CheckpointScope; heads: readonly SignedHead[] }>();
  const lastDigest = new Map<string, { sequence: number; digest: string }>();
  let newest: CheckpointCheck['latest'] = null;
  const problem = (p: CheckpointProblem): void => {
    firstProblem ??= p;
  };
  let afterKey: [string, number, number] = ['', -2, 0];
  for (;;) {
    const rows = await checkpointsAfter(db, afterKey, 200, departmentIds);
    for (const row of rows) {
      const c = stored(row);
      checkpoints += 1;
      const base = { checkpointId: c.id, scope: c.scope, streamId: null, streamVersion: null, signedHash: null, actualHash: null };
      const key = verifyingKey(config, c.keyId);
      if (!key) {
        problem({ ...base, reason: 'unknown-key', message: `检查点 #${c.id} 由未知密钥 ${c.keyId} 签名` });
        continue;
      }
      const v = verifySigned<CheckpointPayload>({ payload: c.payload, signature: c.signature }, key, CHECKPOINT_KIND);
      if (!v.ok || scopeKey(v.payload.scope) !== scopeKey(c.scope) || v.payload.sequence !== c.sequence || v.payload.position !== c.position) {
        problem({ ...base, reason: 'bad-signature', message: `检查点 #${c.id}（${describeScope(c.scope)}）的签名无效：${v.ok ? '记录与签名内容不符' : v.reason}` });
        continue;
      }
      const k = scopeKey(c.scope);
      const before = lastDigest.get(k);
      if ((before?.sequence ?? 0) + 1 !== c.sequence || (before?.digest ?? null) !== v.payload.previous) {
        problem({ ...base, reason: 'broken-sequence', message: `检查点 #${c.id}（${describeScope(c.scope)}）第 ${c.sequence} 个：与前一个检查点衔接不上（检查点被删除或替换）` });
      }
      lastDigest.set(k, { sequence: c.sequence, digest: sha256Hex(c.payload) });
      latest.set(k, { id: c.id, scope: c.scope, heads: v.payload.heads });
      if (!newest || Number(c.id) > Number(newest.id)) newest = { id: c.id, signedAt: c.signedAt, position: c.position, generation: c.generation };
    }
    if (rows.length < 200) break;
    const last = rows[rows.length - 1]!;
    afterKey = [last.department_id, last.fiscal_year, last.sequence];
  }

  let headsChecked = 0;
  for (const l of latest.values()) {
    if (firstProblem) break;
    headsChecked += l.heads.length;
    const mismatch = await mismatchedHeads(db, generation, l.heads);
    if (mismatch) {
      const h = l;
      problem({
        checkpointId: h.id,
        scope: h.scope,
        reason: mismatch.reason,
        streamId: mismatch.streamId,
        streamVersion: mismatch.streamVersion,
        signedHash: mismatch.signedHash,
        actualHash: mismatch.actualHash,
        message: `${mismatch.streamId} 第 ${mismatch.streamVersion} 版：${HEAD_MISMATCH_TEXT[mismatch.reason]}（检查点 #${h.id}，${describeScope(h.scope)}）`,
      });
    }
  }
  return { ok: firstProblem === null, checkpointsChecked: checkpoints, scopesChecked: latest.size, headsChecked, latest: newest, firstProblem };
}
