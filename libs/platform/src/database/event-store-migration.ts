import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreDdlV1, outboxNotifyDdlV2 } from './frozen-ddl';

/**
 * The released migration that creates a service's event store (events, streams, outbox, processed
 * events, dead letters) in its own schema, with the DDL frozen at its release (frozen-ddl.ts).
 * `name` must end in the migration's timestamp.
 */
export function eventStoreMigration(name: string): new () => MigrationInterface {
  return class EventStoreMigration implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      const schema = (queryRunner.connection.options as { schema?: string }).schema;
      if (!schema) throw new Error(`${name}: the data source has no schema`);
      for (const sql of eventStoreDdlV1(schema)) await queryRunner.query(sql);
    }

    async down(): Promise<void> {
      // The event log is never dropped by a migration.
    }
  };
}

/** The released migration that makes the outbox trigger notify once per batch of concurrent appends (outboxNotifyDdlV2). */
export function outboxNotifyMigration(name: string): new () => MigrationInterface {
  return class OutboxNotifyMigration implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      const schema = (queryRunner.connection.options as { schema?: string }).schema;
      if (!schema) throw new Error(`${name}: the data source has no schema`);
      for (const sql of outboxNotifyDdlV2(schema)) await queryRunner.query(sql);
    }

    async down(): Promise<void> {
      // The previous trigger function is eventStoreDdlV1's; nothing to undo that a re-run of it would not.
    }
  };
}
