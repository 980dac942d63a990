import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = [
  ['event_log', 'envelope'],
  ['report_sheets', 'entry'],
  ['report_departments', 'entry'],
  ['review_activity', 'entry'],
] as const;

/**
 * The envelopes of the copy (~2.4 KB of JSON each) and the projection's entries are compressed
 * with lz4 instead of pglz: for a rebuild that writes a million of them, pglz's compression was a
 * good share of PostgreSQL's time (COPY of 60,000 envelopes: 5.5 s with pglz, 4.9 s with lz4).
 * Only new values are affected (existing ones stay readable as they are). A server built without
 * lz4 keeps pglz.
 */
export class Lz4Compression1764300000003 implements MigrationInterface {
  name = 'Lz4Compression1764300000003';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS) {
      await q.query(`
        DO $$ BEGIN
          ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
          RAISE NOTICE 'lz4 is not available: ${table}.${column} keeps pglz';
        END $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION pglz`);
  }
}
