import { type RecordedEvent } from '@budget/domain';
import { type CheckpointScope, type EventStoreTransaction, type SignedHead } from '@budget/event-store';
import { CHECKPOINT_COLUMNS, type CheckpointRow, DEPARTMENT_SCOPE_YEAR, type StoredCheckpoint } from '../checkpoints/checkpoint-records';

// What signing and verifying checkpoints read and write, in the caller's transaction (a snapshot):
// the checkpoints table, and the copy's event log and stream heads of one generation.

/** The position the generation's last checkpoints were signed at ('0' before the first). */
export async function lastSignedPosition(db: EventStoreTransaction, generation: number): Promise<string> {
  const { rows } = await db.query<{ position: string | null }>('SELECT max(position)::text AS position FROM checkpoints WHERE generation = $1', [generation]);
  return rows[0]?.position ?? '0';
}

/** The streams with events after position `after` up to `position`, with the department and year of the sheet each is about (null for none). */
export async function streamsMovedBetween(
  db: EventStoreTransaction,
  generation: number,
  after: string,
  position: string,
): Promise<{ stream_id: string; department_id: string | null; fiscal_year: number | null }[]> {
  const { rows } = await db.query<{ stream_id: string; department_id: string | null; fiscal_year: number | null }>(
    `SELECT c.stream_id, s.department_id, s.fiscal_year
       FROM (SELECT DISTINCT stream_id, subject FROM event_log WHERE generation = $1 AND position > $2::bigint AND position <= $3::bigint) c
       LEFT JOIN report_sheets s ON s.generation = $1 AND s.stream_id = c.subject`,
    [generation, after, position],
  );
  return rows;
}

/** The heads of some streams (one page of them), as a checkpoint signs them. */
export async function signableHeads(db: EventStoreTransaction, generation: number, streamIds: readonly string[]): Promise<SignedHead[]> {
  const { rows } = await db.query<{ stream_id: string; stream_version: number; hash: string | null }>(
    'SELECT stream_id, stream_version, hash FROM stream_heads WHERE generation = $1 AND stream_id = ANY($2::text[])',
    [generation, [...streamIds]],
  );
  return rows.map((r) => ({ streamId: r.stream_id, streamVersion: r.stream_version, hash: r.hash ?? '' }));
}

export interface LatestCheckpointRow {
  department_id: string;
  fiscal_year: number;
  sequence: number;
  payload: string;
  digest: string;
  signature: string;
  key_id: string;
}

/** The last checkpoint of each of some scopes (one page of them) that has one. */
export async function latestCheckpointRows(db: EventStoreTransaction, scopes: readonly CheckpointScope[]): Promise<LatestCheckpointRow[]> {
  const { rows } = await db.query<LatestCheckpointRow>(
    `SELECT DISTINCT ON (c.department_id, c.fiscal_year) c.department_id, c.fiscal_year, c.sequence, c.payload, c.digest, c.signature, c.key_id
       FROM checkpoints c JOIN unnest($1::text[], $2::int[]) AS w(department_id, fiscal_year) ON c.department_id = w.department_id AND c.fiscal_year = w.fiscal_year
      ORDER BY c.department_id, c.fiscal_year, c.sequence DESC`,
    [scopes.map((s) => s.departmentId), scopes.map((s) => s.fiscalYear ?? DEPARTMENT_SCOPE_YEAR)],
  );
  return rows;
}

/** A checkpoint as signed, before the table gives it its id. */
export type NewCheckpoint = Omit<StoredCheckpoint, 'id'>;

export async function insertCheckpoint(db: EventStoreTransaction, c: NewCheckpoint): Promise<CheckpointRow> {
  const { rows } = await db.query<CheckpointRow>(
    `INSERT INTO checkpoints (department_id, fiscal_year, sequence, generation, position, signed_at, key_id, payload, digest, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${CHECKPOINT_COLUMNS}`,
    [c.scope.departmentId, c.scope.fiscalYear ?? DEPARTMENT_SCOPE_YEAR, c.sequence, c.generation, c.position, c.signedAt, c.keyId, c.payload, c.digest, c.signature],
  );
  return rows[0]!;
}

/** Checkpoints in (department, year, sequence) order after `afterKey`, at most `limit`; of some departments only when given. */
export async function checkpointsAfter(
  db: EventStoreTransaction,
  afterKey: readonly [string, number, number],
  limit: number,
  departmentIds?: readonly string[],
): Promise<CheckpointRow[]> {
  const { rows } = await db.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints
      WHERE (department_id, fiscal_year, sequence) > ($1, $2, $3) ${departmentIds ? 'AND department_id = ANY($5::text[])' : ''}
      ORDER BY department_id, fiscal_year, sequence LIMIT $4`,
    [...afterKey, limit, ...(departmentIds ? [[...departmentIds]] : [])],
  );
  return rows;
}

/** The hash of the event now at each of some signed versions (one page), by `streamId\0version`; versions no event holds are absent. */
export async function hashesAt(db: EventStoreTransaction, generation: number, heads: readonly SignedHead[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ stream_id: string; stream_version: number; hash: string }>(
    `SELECT l.stream_id, l.stream_version, l.envelope->>'hash' AS hash
       FROM event_log l JOIN unnest($2::text[], $3::int[]) AS w(stream_id, stream_version) ON l.stream_id = w.stream_id AND l.stream_version = w.stream_version
      WHERE l.generation = $1`,
    [generation, heads.map((h) => h.streamId), heads.map((h) => h.streamVersion)],
  );
  return new Map(rows.map((r) => [`${r.stream_id}\u0000${r.stream_version}`, r.hash]));
}

/** The events of some streams (one page) after a version each, in stream and version order. */
export async function eventsAfter(db: EventStoreTransaction, generation: number, streams: readonly { readonly streamId: string; readonly after: number }[]): Promise<RecordedEvent[]> {
  const { rows } = await db.query<{ envelope: RecordedEvent }>(
    `SELECT l.envelope FROM event_log l JOIN unnest($2::text[], $3::int[]) AS w(stream_id, after) ON l.stream_id = w.stream_id AND l.stream_version > w.after
      WHERE l.generation = $1 ORDER BY l.stream_id, l.stream_version`,
    [generation, streams.map((s) => s.streamId), streams.map((s) => s.after)],
  );
  return rows.map((r) => r.envelope);
}
