import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notificationsDdlV1 } from './frozen-notifications-ddl';

/** Notification requests, inbox, directory of people and webhooks, webhook dead letters (the DDL as released, notificationsDdlV1). */
export class Notifications1764200000002 implements MigrationInterface {
  name = 'Notifications1764200000002';

  async up(q: QueryRunner): Promise<void> {
    const schema = (q.connection.options as { schema?: string }).schema ?? 'review';
    for (const sql of notificationsDdlV1(schema)) await q.query(sql);
  }

  async down(): Promise<void> {
    // Delivered notifications are records; they are not dropped by a migration.
  }
}
