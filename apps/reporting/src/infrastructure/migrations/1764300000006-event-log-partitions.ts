import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * event_log becomes a table partitioned by generation (LIST), one partition per generation
 * (`event_log_g<generation>`). A rebuild fills its generation's partition as a table of its own,
 * without indexes, and builds them after the copy before attaching it (EventLogPartitions); the
 * rows of an old generation go with DROP TABLE instead of a DELETE of every row. The existing rows
 * are moved into partitions of their generations.
 */
export class EventLogPartitions1764300000006 implements MigrationInterface {
  name = 'EventLogPartitions1764300000006';

  async up(q: QueryRunner): Promise<void> {
    // One block: nothing to do when event_log is partitioned already; otherwise the table renamed, the partitioned one created, the rows moved.
    await q.query(`
      DO $$
      DECLARE g integer;
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
                    WHERE c.relname = 'event_log' AND c.relnamespace = current_schema()::regnamespace) THEN
          RETURN;
        END IF;
        ALTER TABLE event_log RENAME TO event_log_unpartitioned;
        ALTER TABLE event_log_unpartitioned RENAME CONSTRAINT event_log_pkey TO event_log_unpartitioned_pkey;
        ALTER TABLE event_log_unpartitioned RENAME CONSTRAINT event_log_generation_event_id_key TO event_log_unpartitioned_event_id_key;
        ALTER TABLE event_log_unpartitioned RENAME CONSTRAINT event_log_generation_stream_id_stream_version_key TO event_log_unpartitioned_stream_key;
        ALTER INDEX IF EXISTS event_log_subject RENAME TO event_log_unpartitioned_subject;
        CREATE TABLE event_log (
          generation integer NOT NULL,
          position bigint NOT NULL,
          event_id uuid NOT NULL,
          stream_id text NOT NULL,
          stream_version integer NOT NULL,
          subject text NOT NULL,
          type text NOT NULL,
          recorded_at timestamptz NOT NULL,
          source_topic text NOT NULL,
          source_partition integer NOT NULL,
          source_offset bigint NOT NULL,
          source_position bigint NOT NULL,
          envelope jsonb NOT NULL,
          copied_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (generation, position),
          UNIQUE (generation, event_id),
          UNIQUE (generation, stream_id, stream_version)
        ) PARTITION BY LIST (generation);
        CREATE INDEX event_log_subject ON event_log (generation, subject, position);
        BEGIN
          ALTER TABLE event_log ALTER COLUMN envelope SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
          RAISE NOTICE 'lz4 is not available: event_log.envelope keeps pglz';
        END;
        FOR g IN SELECT generation FROM generations WHERE status <> 'discarded'
                 UNION SELECT DISTINCT generation FROM event_log_unpartitioned ORDER BY 1 LOOP
          EXECUTE format('CREATE TABLE event_log_g%s PARTITION OF event_log FOR VALUES IN (%s)', g, g);
        END LOOP;
        INSERT INTO event_log SELECT * FROM event_log_unpartitioned;
        DROP TABLE event_log_unpartitioned;
      END $$`);
  }

  async down(): Promise<void> {
    // Forward only: the partitions hold the same rows a plain table would.
  }
}
