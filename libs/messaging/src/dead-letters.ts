import { assertSchemaName } from '@budget/event-store';
import type { Pool, PoolClient } from 'pg';

/** A message a consumer could not handle, as stored in its service's dead_letters table. */
export interface DeadLetter {
  readonly id: string;
  readonly consumer: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** The first line of the stored error: its name and message. */
  readonly reason: string;
  readonly failedAt: string;
  readonly replayedAt: string | null;
  readonly payload: string | null;
}

export interface DeadLetterQuery {
  /** The consumers whose dead letters to list; all of the schema's when absent. */
  readonly consumers?: readonly string[];
  readonly limit: number;
  /** Only those not replayed yet. */
  readonly waitingOnly?: boolean;
}

type Db = Pick<Pool | PoolClient, 'query'>;

/** Dead letters, newest first. */
export async function listDeadLetters(db: Db, schema: string, q: DeadLetterQuery): Promise<DeadLetter[]> {
  const s = `"${assertSchemaName(schema)}"`;
  const { rows } = await db.query<{
    id: string;
    consumer: string;
    topic: string;
    partition: number;
    offset: string;
    message_key: string | null;
    error: string;
    failed_at: Date;
    replayed_at: Date | null;
    payload: string | null;
  }>(
    `SELECT id::text AS id, consumer, topic, partition, "offset"::text AS offset, message_key, error, failed_at, replayed_at, payload
       FROM ${s}.dead_letters
      WHERE ($1::text[] IS NULL OR consumer = ANY($1::text[])) AND (NOT $2::boolean OR replayed_at IS NULL)
      ORDER BY id DESC LIMIT $3`,
    [q.consumers ? [...q.consumers] : null, q.waitingOnly ?? false, q.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    consumer: r.consumer,
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    key: r.message_key,
    reason: r.error.split('\n')[0] ?? r.error,
    failedAt: r.failed_at.toISOString(),
    replayedAt: r.replayed_at ? r.replayed_at.toISOString() : null,
    payload: r.payload,
  }));
}

/** Dead letters waiting (not replayed) of one consumer, or of all of the schema's. */
export async function countDeadLetters(db: Db, schema: string, consumer?: string): Promise<number> {
  const s = `"${assertSchemaName(schema)}"`;
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${s}.dead_letters WHERE ($1::text IS NULL OR consumer = $1) AND replayed_at IS NULL`,
    [consumer ?? null],
  );
  return Number(rows[0]?.n ?? 0);
}
