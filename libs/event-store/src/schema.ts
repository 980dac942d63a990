const IDENTIFIER = /^[a-z_][a-z0-9_]{0,49}$/;

/**
 * The schema name is spliced into SQL (identifiers cannot be bound as parameters), so only plain
 * lower-case identifiers are accepted; 50 characters leave room for the NOTIFY channel's suffix
 * within PostgreSQL's 63-byte names.
 */
export function assertSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema)) {
    throw new Error(`Invalid schema name ${JSON.stringify(schema)}: expected [a-z_][a-z0-9_]{0,49}`);
  }
  return schema;
}

/** The channel the outbox trigger notifies on (see notify_outbox: at most one appending transaction in flight notifies). */
export function outboxChannel(schema: string): string {
  return `${assertSchemaName(schema)}_outbox`;
}

/**
 * Idempotent DDL of the event store and its outbox in one schema (the consumers' tables are the
 * messaging library's: messagingSchemaSql). Services do not run this from their migrations: a
 * released migration runs the DDL frozen at its release (libs/platform/src/database/frozen-ddl.ts),
 * so a change here comes with a new migration.
 */
export function eventStoreSchemaSql(schema: string): string[] {
  const s = `"${assertSchemaName(schema)}"`;
  const channel = outboxChannel(schema);
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
    // One notification per transaction that appends, but only from one of those in flight at a time:
    // a transaction that finds another appending one holding the notify lock (until it commits)
    // leaves the wake-up to it, and holds a shared "skipped" lock until it commits. NOTIFY serialises
    // commits (a database-wide lock from queueing the notification to the end of the commit, its WAL
    // flush included); with one notifier in flight the others commit together. After a pass that
    // published, the relay reads again until no transaction that skipped is in flight
    // (readOutboxSettled, OutboxRelay.pass), so a row whose transaction committed after the notifier's is not
    // left for the poll.
    `CREATE OR REPLACE FUNCTION ${s}.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF pg_try_advisory_xact_lock(hashtextextended('budget.outbox-notify:${channel}', 0)) THEN
        PERFORM pg_notify('${channel}', '');
      ELSE
        PERFORM pg_advisory_xact_lock_shared(hashtextextended('budget.outbox-skipped:${channel}', 0));
      END IF;
      RETURN NULL;
    END $$`,
    `CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.notify_outbox()`,
  ];
}
