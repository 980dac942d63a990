import { departmentStreamId, SIGN_OFF_CHAIN_STREAM_PREFIX } from '@budget/domain';
import type { CheckpointScope, SignedHead } from '@budget/event-store';
import { streamKind } from '../projection/stream-step';

// The checkpoints table's rows and the names the other checkpoint modules share.

/** fiscal_year of a department's own scope (its registration and sign-off chain streams). */
export const DEPARTMENT_SCOPE_YEAR = -1;
/** Rows per statement where a list of streams or scopes is sent as arrays. */
export const PAGE = 2000;

export interface StoredCheckpoint {
  readonly id: string;
  readonly scope: CheckpointScope;
  readonly sequence: number;
  readonly generation: number;
  readonly position: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly payload: string;
  readonly digest: string;
  readonly signature: string;
}

export interface SigningRefusal {
  readonly scope: CheckpointScope;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly reason: string;
}

export interface CheckpointRow {
  id: string;
  department_id: string;
  fiscal_year: number;
  sequence: number;
  generation: number;
  position: string;
  signed_at: Date;
  key_id: string;
  payload: string;
  digest: string;
  signature: string;
}

export const scopeKey = (s: CheckpointScope): string => `${s.departmentId}\u0000${s.fiscalYear ?? DEPARTMENT_SCOPE_YEAR}`;

export function stored(row: CheckpointRow): StoredCheckpoint {
  return {
    id: row.id,
    scope: { departmentId: row.department_id, fiscalYear: row.fiscal_year === DEPARTMENT_SCOPE_YEAR ? null : row.fiscal_year },
    sequence: row.sequence,
    generation: row.generation,
    position: row.position,
    signedAt: row.signed_at.toISOString(),
    keyId: row.key_id,
    payload: row.payload,
    digest: row.digest,
    signature: row.signature,
  };
}

export const CHECKPOINT_COLUMNS = `id::text AS id, department_id, fiscal_year, sequence, generation, position::text AS position, signed_at, key_id, payload, digest, signature`;

export function describeScope(scope: CheckpointScope): string {
  return scope.fiscalYear === null ? `部门 ${scope.departmentId}（部门本身的事件流）` : `部门 ${scope.departmentId} ${scope.fiscalYear} 年度`;
}

/** The scope a stream belongs to: the department's own (department and sign-off chain streams), or the department and year of the sheet it is about. */
export function scopeOfStream(streamId: string, departmentId: string | null, fiscalYear: number | null): CheckpointScope | null {
  if (streamKind(streamId) === 'department') return { departmentId: streamId.slice(departmentStreamId('').length), fiscalYear: null };
  if (streamId.startsWith(SIGN_OFF_CHAIN_STREAM_PREFIX)) return { departmentId: streamId.slice(SIGN_OFF_CHAIN_STREAM_PREFIX.length), fiscalYear: null };
  if (departmentId !== null && fiscalYear !== null) return { departmentId, fiscalYear };
  return null;
}

export function sameHeads(a: readonly SignedHead[], b: readonly SignedHead[]): boolean {
  return a.length === b.length && a.every((h, i) => h.streamId === b[i]!.streamId && h.streamVersion === b[i]!.streamVersion && h.hash === b[i]!.hash);
}
