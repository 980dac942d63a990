import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notificationsDdlV2 } from './frozen-notifications-ddl';

/**
 * Deadlines move to the sweep (working days, one LevelTaskReminded / LevelTaskEscalated event per
 * notice): supervisors become contacts by post (the notification schema again as released,
 * notificationsDdlV2, idempotent: it adds notification_contacts.post), and the delayed hour-based
 * reminders and escalations still owed are cancelled, since the sweep sends each notice for the
 * tasks still open.
 */
export class DeadlineNotices1764200000007 implements MigrationInterface {
  name = 'DeadlineNotices1764200000007';

  async up(q: QueryRunner): Promise<void> {
    const schema = (q.connection.options as { schema?: string }).schema ?? 'review';
    for (const sql of notificationsDdlV2(schema)) await q.query(sql);
    await q.query(
      `UPDATE "${schema}".notification_requests SET remove_job = (status = 'queued'), status = 'cancelled', cancelled_at = now()
       WHERE kind IN ('deadline_reminder', 'deadline_escalation') AND status IN ('pending', 'queued') AND deliver_at > now()`,
    );
  }

  async down(): Promise<void> {
    // Cancelled deliveries stay cancelled: the sweep owns deadlines from now on.
  }
}
