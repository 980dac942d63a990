import { type EventStoreTransaction } from '@budget/event-store';

type Db = EventStoreTransaction;

export interface GenerationMeta {
  readonly generation: number;
  readonly status: 'building' | 'active' | 'retired' | 'discarded';
  /** The copy's last position, '0' while empty. */
  readonly position: string;
  readonly events: number;
  readonly firstRecordedAt: string | null;
  readonly lastRecordedAt: string | null;
  readonly createdAt: string;
  readonly activatedAt: string | null;
  readonly rebuildId: string | null;
}

/** The tables a generation has rows in: the copy and every read model. */
export const GENERATION_TABLES = ['event_log', 'stream_heads', 'report_sheets', 'report_departments', 'review_activity'] as const;

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export async function activeGeneration(db: Db): Promise<number> {
  const { rows } = await db.query<{ generation: number }>('SELECT generation FROM active_generation');
  const generation = rows[0]?.generation;
  if (generation === undefined) throw new Error('reporting.active_generation is empty: the migrations did not run');
  return generation;
}

export async function generationMeta(db: Db, generation: number): Promise<GenerationMeta> {
  const { rows } = await db.query<{
    generation: number;
    status: GenerationMeta['status'];
    position: string;
    events: string;
    first_recorded_at: Date | null;
    last_recorded_at: Date | null;
    created_at: Date;
    activated_at: Date | null;
    rebuild_id: string | null;
  }>(
    `SELECT generation, status, position::text AS position, events::text AS events, first_recorded_at, last_recorded_at, created_at, activated_at, rebuild_id
       FROM generations WHERE generation = $1`,
    [generation],
  );
  const row = rows[0];
  if (!row) throw new Error(`reporting generation ${generation} does not exist`);
  return {
    generation: row.generation,
    status: row.status,
    position: row.position,
    events: Number(row.events),
    firstRecordedAt: iso(row.first_recorded_at),
    lastRecordedAt: iso(row.last_recorded_at),
    createdAt: iso(row.created_at) ?? '',
    activatedAt: iso(row.activated_at),
    rebuildId: row.rebuild_id,
  };
}
