import { type EventStoreTransaction } from '@budget/event-store';
import { type Pool } from 'pg';

type Db = EventStoreTransaction;

/** The partition of event_log that holds one generation's copy (migration 1764300000006). */
export function eventLogPartition(generation: number): string {
  if (!Number.isSafeInteger(generation) || generation < 1) throw new Error(`not a generation: ${generation}`);
  return `event_log_g${generation}`;
}

/** Attached, with every index of event_log: what the live consumer and the queries write and read through the parent. */
export async function createAttachedPartition(db: Db, generation: number): Promise<void> {
  await db.query(`CREATE TABLE IF NOT EXISTS ${eventLogPartition(generation)} PARTITION OF event_log FOR VALUES IN (${generation})`);
}

/**
 * A table shaped like event_log for a generation being rebuilt, not yet a partition and without
 * any index: the rebuild writes it with COPY alone (nobody reads a generation before its switch-over).
 */
export async function createDetachedPartition(db: Db, generation: number): Promise<void> {
  const table = eventLogPartition(generation);
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  // The CHECK (tested per row by COPY, at no measurable cost) spares the attach a scan proving the rows belong there.
  await db.query(
    `CREATE TABLE ${table} (LIKE event_log INCLUDING DEFAULTS INCLUDING COMPRESSION, CONSTRAINT ${table}_generation CHECK (generation = ${generation}))`,
  );
}

/** Whether the generation's partition is attached to event_log (false: detached or absent). */
export async function isAttached(db: Db, generation: number): Promise<boolean> {
  const { rows } = await db.query<{ attached: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                     WHERE c.relname = $1 AND p.relname = 'event_log' AND c.relnamespace = current_schema()::regnamespace) AS attached`,
    [eventLogPartition(generation)],
  );
  return rows[0]?.attached === true;
}

/**
 * Builds the indexes of a detached partition after its copy, each on a connection of its own (in
 * parallel: one core each), then attaches it: event_log's indexes adopt the ones built, and the
 * table's CHECK constraint spares the scan that would prove the rows belong there. The attach takes only a
 * SHARE UPDATE EXCLUSIVE lock on event_log: the live copy goes on meanwhile.
 */
export async function indexAndAttach(pool: Pool, generation: number): Promise<void> {
  const table = eventLogPartition(generation);
  await Promise.all(
    [
      `CREATE UNIQUE INDEX ${table}_pkey ON ${table} (generation, position)`,
      `CREATE UNIQUE INDEX ${table}_event_id_key ON ${table} (generation, event_id)`,
      `CREATE UNIQUE INDEX ${table}_stream_key ON ${table} (generation, stream_id, stream_version)`,
      `CREATE INDEX ${table}_subject ON ${table} (generation, subject, position)`,
    ].map((sql) => pool.query(sql)),
  );
  await pool.query(
    `ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY USING INDEX ${table}_pkey,
       ADD CONSTRAINT ${table}_event_id_key UNIQUE USING INDEX ${table}_event_id_key,
       ADD CONSTRAINT ${table}_stream_key UNIQUE USING INDEX ${table}_stream_key`,
  );
  await pool.query(`ALTER TABLE event_log ATTACH PARTITION ${table} FOR VALUES IN (${generation})`);
}

/** The rows of a generation's copy, attached or not, go with its table. */
export async function dropPartition(db: Db, generation: number): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${eventLogPartition(generation)}`);
}

/** Event ids (lower-case) of `ids` a detached partition holds already, with their positions (a scan: only for the rare redelivery). */
export async function presentInDetached(db: Db, generation: number, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ event_id: string; position: string }>(
    `SELECT event_id::text AS event_id, position::text AS position FROM ${eventLogPartition(generation)} WHERE event_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.event_id, r.position]));
}
