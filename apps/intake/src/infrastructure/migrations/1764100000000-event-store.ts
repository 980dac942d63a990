import { eventStoreSchemaSql } from '@budget/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventStore1764100000000 implements MigrationInterface {
  name = 'EventStore1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'intake';
    for (const sql of eventStoreSchemaSql(schema)) await queryRunner.query(sql);
  }

  async down(): Promise<void> {
    // The event log is never dropped by a migration.
  }
}
