import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporting copy of the event log and the projection derived from it, per generation. A
 * generation is one complete copy: the live one (active_generation) and, during a rebuild, the
 * one being built from offset 0 of the topics. Every row carries its generation, so a rebuild
 * writes beside the live copy and the switch-over is one UPDATE.
 */
export class ReportLog1764300000001 implements MigrationInterface {
  name = 'ReportLog1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS generations (
        generation integer PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('building', 'active', 'retired', 'discarded')),
        -- the copy's own sequence: the position of its last event (0 while empty)
        position bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0,
        first_recorded_at timestamptz,
        last_recorded_at timestamptz,
        rebuild_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS active_generation (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        generation integer NOT NULL REFERENCES generations (generation)
      )`);
    await q.query(`INSERT INTO generations (generation, status, activated_at) VALUES (1, 'active', now()) ON CONFLICT DO NOTHING`);
    await q.query(`INSERT INTO active_generation (generation) VALUES (1) ON CONFLICT DO NOTHING`);

    // Every event exactly as received, in the order the reporting service received it.
    await q.query(`
      CREATE TABLE IF NOT EXISTS event_log (
        generation integer NOT NULL,
        position bigint NOT NULL,
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        -- the sheet stream an event is about (its own stream, or the sheet a review event names)
        subject text NOT NULL,
        type text NOT NULL,
        recorded_at timestamptz NOT NULL,
        source_topic text NOT NULL,
        source_partition integer NOT NULL,
        source_offset bigint NOT NULL,
        -- the global position in the producing service's store (intake's order orders the projects)
        source_position bigint NOT NULL,
        envelope jsonb NOT NULL,
        copied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (generation, position),
        UNIQUE (generation, event_id),
        UNIQUE (generation, stream_id, stream_version)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS event_log_subject ON event_log (generation, subject, position)`);
    await q.query(`CREATE INDEX IF NOT EXISTS event_log_recorded ON event_log (generation, recorded_at)`);

    // The projection: what applyEvent needs to apply each stream's next event, and what the tables are built from.
    await q.query(`
      CREATE TABLE IF NOT EXISTS stream_heads (
        generation integer NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        event_id uuid NOT NULL,
        hash text,
        position bigint NOT NULL,
        PRIMARY KEY (generation, stream_id)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS report_departments (
        generation integer NOT NULL,
        department_id text NOT NULL,
        name text NOT NULL,
        entry jsonb NOT NULL,
        PRIMARY KEY (generation, department_id)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS report_sheets (
        generation integer NOT NULL,
        sheet_id text NOT NULL,
        stream_id text NOT NULL,
        department_id text NOT NULL,
        fiscal_year integer NOT NULL,
        unit_id text NOT NULL,
        status text NOT NULL,
        created_source_position bigint NOT NULL,
        entry jsonb NOT NULL,
        PRIMARY KEY (generation, sheet_id)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS report_sheets_scope ON report_sheets (generation, department_id, fiscal_year, unit_id)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS review_activity (
        generation integer NOT NULL,
        sheet_id text NOT NULL,
        entry jsonb NOT NULL,
        PRIMARY KEY (generation, sheet_id)
      )`);

    await q.query(`
      CREATE TABLE IF NOT EXISTS rebuilds (
        rebuild_id text PRIMARY KEY,
        generation integer NOT NULL,
        status text NOT NULL,
        requested_by jsonb NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        report jsonb NOT NULL
      )`);
  }

  async down(): Promise<void> {
    // The copy is rebuilt, never dropped by a migration.
  }
}
