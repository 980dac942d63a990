import { assertSchemaName } from '@budget/event-store';

/**
 * The DDL of a service's event store and consumer tables exactly as the released migrations ran it
 * (EventStore1764100000000, OutboxEventIds1764100000002 of intake; EventStore1764200000000,
 * OutboxEventIds1764200000004 of review; EventStore1764300000000 of reporting). Frozen: a migration
 * that has been released must mean the same on every database it will ever run on, whatever the
 * libraries' DDL (eventStoreSchemaSql, messagingSchemaSql) becomes. A change to those comes with a
 * new migration holding the difference; frozen-ddl.unit.spec.ts says when one is owed.
 */
export function eventStoreDdlV1(schema: string): string[] {
  const s = `"${assertSchemaName(schema)}"`;
  const channel = `${schema}_outbox`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
      global_position bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      stream_id text NOT NULL,
      stream_version integer NOT NULL CHECK (stream_version > 0),
      type text NOT NULL,
      schema_version integer NOT NULL,
      data jsonb NOT NULL,
      actor jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      correlation_id text NOT NULL,
      causation_id text,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      UNIQUE (stream_id, stream_version)
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.streams (
      stream_id text PRIMARY KEY,
      version integer NOT NULL,
      head_hash text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // An outbox row names the event, it does not repeat it: the relay joins `events` when it
    // publishes, so an append writes (and logs to the WAL) the event's payload once, not twice.
    `CREATE TABLE IF NOT EXISTS ${s}.outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      message_key text NOT NULL,
      event_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // Stores created before the outbox held ids only: rows still queued are published from `events` all the same.
    `ALTER TABLE ${s}.outbox DROP COLUMN IF EXISTS payload`,
    // A statement-level trigger costs one notification per append, and PostgreSQL folds
    // identical notifications of one transaction into one.
    `CREATE OR REPLACE FUNCTION ${s}.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${channel}', '');
      RETURN NULL;
    END $$`,
    `CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.notify_outbox()`,
    `CREATE TABLE IF NOT EXISTS ${s}.processed_events (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.dead_letters (
      id bigserial PRIMARY KEY,
      consumer text NOT NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      "offset" bigint NOT NULL,
      message_key text,
      payload text,
      error text NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now(),
      replayed_at timestamptz
    )`,
    // A message redelivered after its dead letter was written (crash before the offset commit) is not stored twice.
    `CREATE UNIQUE INDEX IF NOT EXISTS dead_letters_message ON ${s}.dead_letters (consumer, topic, partition, "offset")`,
    `CREATE INDEX IF NOT EXISTS dead_letters_pending ON ${s}.dead_letters (consumer, id) WHERE replayed_at IS NULL`,
  ];
}

/**
 * What OutboxNotify migrations (intake 1764100000003, review 1764200000008, reporting
 * 1764300000007) run on a v1 schema: the outbox trigger's function, notifying only when no other
 * appending transaction in flight holds the notify lock. Frozen like eventStoreDdlV1.
 */
export function outboxNotifyDdlV2(schema: string): string[] {
  const s = `"${assertSchemaName(schema)}"`;
  const channel = `${schema}_outbox`;
  return [
    `CREATE OR REPLACE FUNCTION ${s}.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF pg_try_advisory_xact_lock(hashtextextended('budget.outbox-notify:${channel}', 0)) THEN
        PERFORM pg_notify('${channel}', '');
      ELSE
        PERFORM pg_advisory_xact_lock_shared(hashtextextended('budget.outbox-skipped:${channel}', 0));
      END IF;
      RETURN NULL;
    END $$`,
  ];
}

/** eventStoreDdlV1 with outboxNotifyDdlV2 applied: the libraries' DDL today. */
export function eventStoreDdlV2(schema: string): string[] {
  const [notify] = outboxNotifyDdlV2(schema);
  return eventStoreDdlV1(schema).map((sql) => (sql.startsWith('CREATE OR REPLACE FUNCTION') && sql.includes('.notify_outbox()') ? notify! : sql));
}
