import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version of each read model a generation was built with (ReadModelProjection.version, by
 * name). Generations that exist already were built by the first versions of every read model; a
 * start-up that finds another version in the code rebuilds the live copy (RebuildOnVersionChange).
 */
export class ReadModelVersions1764300000005 implements MigrationInterface {
  name = 'ReadModelVersions1764300000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE generations ADD COLUMN IF NOT EXISTS read_models jsonb`);
    await q.query(
      `UPDATE generations SET read_models = '{"stream_heads": 1, "report_sheets": 1, "report_departments": 1, "review_activity": 1}'::jsonb WHERE read_models IS NULL`,
    );
  }

  async down(): Promise<void> {
    // Kept: the versions are the record of how each generation was built.
  }
}
