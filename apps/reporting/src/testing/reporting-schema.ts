import { randomBytes } from 'node:crypto';
import { eventStoreSchemaSql } from '@budget/event-store';
import { messagingSchemaSql } from '@budget/messaging';
import { Pool } from 'pg';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { ReportLog1764300000001 } from '../infrastructure/migrations/1764300000001-report-log';
import { DropRecordedIndex1764300000002 } from '../infrastructure/migrations/1764300000002-drop-recorded-index';
import { Lz4Compression1764300000003 } from '../infrastructure/migrations/1764300000003-lz4-compression';
import { ReadModelVersions1764300000005 } from '../infrastructure/migrations/1764300000005-read-model-versions';
import { EventLogPartitions1764300000006 } from '../infrastructure/migrations/1764300000006-event-log-partitions';
import { ReportStore } from '../infrastructure/report-store';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/budget';

/** A schema of the test database of its own, with the reporting tables its migrations create. */
export interface ReportingTestSchema {
  readonly schema: string;
  /** Connections whose search_path is the schema. */
  readonly pool: Pool;
  readonly store: ReportStore;
  /** Closes the pool and drops the schema. */
  drop(): Promise<void>;
}

/** The migrations that make the copy of the log and its read models, partitioned by generation. */
export function eventLogMigrations(): MigrationInterface[] {
  return [new ReportLog1764300000001(), new DropRecordedIndex1764300000002(), new Lz4Compression1764300000003(), new ReadModelVersions1764300000005(), new EventLogPartitions1764300000006()];
}

/** Creates a schema with the event store's and the messaging library's tables, then runs the reporting migrations given, in order. */
export async function createReportingSchema(migrations: readonly MigrationInterface[]): Promise<ReportingTestSchema> {
  const schema = `reporting_test_${randomBytes(5).toString('hex')}`;
  const admin = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  try {
    for (const sql of [...eventStoreSchemaSql(schema), ...messagingSchemaSql(schema)]) await admin.query(sql);
  } finally {
    await admin.end();
  }
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 10, options: `-c search_path=${schema}` });
  const runner = { query: (sql: string) => pool.query(sql) } as unknown as QueryRunner;
  for (const migration of migrations) await migration.up(runner);
  return {
    schema,
    pool,
    // ReportStore reads the pg pool behind TypeORM's data source (poolOf): give it ours.
    store: new ReportStore({ driver: { master: pool } } as unknown as DataSource),
    async drop() {
      await pool.end();
      const dropper = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
      try {
        await dropper.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await dropper.end();
      }
    },
  };
}
