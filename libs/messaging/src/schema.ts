import { assertSchemaName } from '@budget/event-store';

/**
 * Idempotent DDL of what the idempotent consumer keeps in its service's schema: the events it has
 * processed (its de-duplication) and the messages it could not handle (dead letters). A service's
 * released migration runs the DDL frozen at its release; a change here comes with a new migration.
 */
export function messagingSchemaSql(schema: string): string[] {
  const s = `"${assertSchemaName(schema)}"`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
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
