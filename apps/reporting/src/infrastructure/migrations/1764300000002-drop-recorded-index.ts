import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * As-of queries by time read the streams of one table through (generation, stream_id,
 * stream_version) and filter by recorded_at there; the index on recorded_at served no query and
 * cost every append (a rebuild's most of all).
 */
export class DropRecordedIndex1764300000002 implements MigrationInterface {
  name = 'DropRecordedIndex1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS event_log_recorded');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS event_log_recorded ON event_log (generation, recorded_at)');
  }
}
