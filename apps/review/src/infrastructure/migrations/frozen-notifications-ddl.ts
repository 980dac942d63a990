import { assertSchemaName } from '@budget/notifications';

/**
 * The notification tables' DDL exactly as review's released migrations ran it: notificationsDdlV1
 * is libs/notifications' notificationsSchemaSql when Notifications1764200000002 was released,
 * notificationsDdlV2 what it was when DeadlineNotices1764200000007 was (v1 and contactsByPostDdl,
 * supervisors as contacts by post). Frozen: a released migration must mean the same on every
 * database it will ever run on, whatever notificationsSchemaSql becomes. A change to that comes with
 * a new migration holding the difference; frozen-notifications-ddl.unit.spec.ts says when one is owed.
 */
export function notificationsDdlV1(schema: string): string[] {
  const s = `"${assertSchemaName(schema)}"`;
  const channel = `${schema}_notify`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    // The directory behind PostgresRecipientDirectory: people and how to reach them.
    `CREATE TABLE IF NOT EXISTS ${s}.notification_contacts (
      user_id text PRIMARY KEY,
      name text,
      role text NOT NULL,
      department_id text,
      unit_id text,
      email text,
      email_enabled boolean NOT NULL DEFAULT true,
      active boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX IF NOT EXISTS notification_contacts_unit ON ${s}.notification_contacts (unit_id, role) WHERE active`,
    `CREATE INDEX IF NOT EXISTS notification_contacts_role ON ${s}.notification_contacts (role, department_id) WHERE active`,
    // Webhooks per organisation: a department (all its units), one unit, or neither (everything).
    `CREATE TABLE IF NOT EXISTS ${s}.notification_webhook_subscriptions (
      id text PRIMARY KEY,
      department_id text,
      unit_id text,
      url text NOT NULL CHECK (url ~ '^https?://'),
      secret text NOT NULL CHECK (length(secret) >= 16),
      kinds text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      description text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // One row per delivery (channel × recipient), inserted in the transaction of the event's effect.
    // It, not Redis, says whether a delivery is still owed: BullMQ only carries the work.
    `CREATE TABLE IF NOT EXISTS ${s}.notification_requests (
      id text PRIMARY KEY,
      source_event_id text NOT NULL,
      kind text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('inbox', 'webhook', 'email')),
      recipient text NOT NULL,
      address text,
      content jsonb NOT NULL,
      cancel_key text,
      deliver_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'queued', 'delivered', 'cancelled', 'dead', 'failed')),
      retry integer NOT NULL DEFAULT 0,
      remove_job boolean NOT NULL DEFAULT false,
      attempts integer NOT NULL DEFAULT 0,
      lease_until timestamptz,
      last_error text,
      message_id text,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      enqueued_at timestamptz,
      delivered_at timestamptz,
      cancelled_at timestamptz
    )`,
    `CREATE INDEX IF NOT EXISTS notification_requests_pending ON ${s}.notification_requests (created_at, id) WHERE status = 'pending'`,
    `CREATE INDEX IF NOT EXISTS notification_requests_queued ON ${s}.notification_requests (enqueued_at) WHERE status = 'queued'`,
    `CREATE INDEX IF NOT EXISTS notification_requests_cancel ON ${s}.notification_requests (cancel_key) WHERE cancel_key IS NOT NULL AND status IN ('pending', 'queued')`,
    `CREATE INDEX IF NOT EXISTS notification_requests_remove ON ${s}.notification_requests (id) WHERE remove_job`,
    `CREATE INDEX IF NOT EXISTS notification_requests_source ON ${s}.notification_requests (source_event_id)`,
    // Requests wake the dispatcher at commit; one notification per statement, folded per transaction.
    `CREATE OR REPLACE FUNCTION ${s}.notify_notification_requests() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${channel}', '');
      RETURN NULL;
    END $$`,
    `CREATE OR REPLACE TRIGGER notification_requests_notify AFTER INSERT ON ${s}.notification_requests
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.notify_notification_requests()`,
    // The in-app inbox; the id is the delivery's, so a second delivery of it inserts nothing.
    `CREATE TABLE IF NOT EXISTS ${s}.notification_inbox (
      id text PRIMARY KEY,
      user_id text NOT NULL,
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    )`,
    `CREATE INDEX IF NOT EXISTS notification_inbox_user ON ${s}.notification_inbox (user_id, created_at DESC, id DESC)`,
    `CREATE INDEX IF NOT EXISTS notification_inbox_unread ON ${s}.notification_inbox (user_id) WHERE read_at IS NULL`,
    // Webhook deliveries that used up their attempts; one row per delivery and retry generation.
    `CREATE TABLE IF NOT EXISTS ${s}.notification_webhook_dead_letters (
      id bigserial PRIMARY KEY,
      notification_id text NOT NULL REFERENCES ${s}.notification_requests (id),
      retry integer NOT NULL,
      subscription_id text NOT NULL,
      url text NOT NULL,
      kind text NOT NULL,
      attempts integer NOT NULL,
      error text NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now(),
      retried_at timestamptz,
      UNIQUE (notification_id, retry)
    )`,
    `CREATE INDEX IF NOT EXISTS notification_webhook_dead_letters_open ON ${s}.notification_webhook_dead_letters (id) WHERE retried_at IS NULL`,
  ];
}

/** What v2 added to v1, after the contacts table: a contact may hold a post and no role. */
export function contactsByPostDdl(schema: string): string[] {
  const s = `"${assertSchemaName(schema)}"`;
  return [
    // Supervisors (部门负责人, 财政科室负责人) are contacts by post: told of overdue tasks, they need not sign in.
    `ALTER TABLE ${s}.notification_contacts ADD COLUMN IF NOT EXISTS post text`,
    `ALTER TABLE ${s}.notification_contacts ALTER COLUMN role DROP NOT NULL`,
    `CREATE INDEX IF NOT EXISTS notification_contacts_post ON ${s}.notification_contacts (post, department_id) WHERE active AND post IS NOT NULL`,
  ];
}

/** notificationsDdlV1 with contactsByPostDdl after the contacts table: what DeadlineNotices1764200000007 runs (idempotent on a v1 schema). */
export function notificationsDdlV2(schema: string): string[] {
  const v1 = notificationsDdlV1(schema);
  const contacts = v1.findIndex((sql) => sql.includes('.notification_contacts ('));
  return [...v1.slice(0, contacts + 1), ...contactsByPostDdl(schema), ...v1.slice(contacts + 1)];
}
