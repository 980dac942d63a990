import { createHash } from 'node:crypto';
import { Client, Pool } from 'pg';
import { type EventStoreTransaction } from './event-store';

/**
 * The name a statement is kept under on a connection: a digest of its text, so one name is always
 * one text (pg refuses a name used for two texts) and a text is parsed once per connection.
 */
export function preparedName(text: string): string {
  return `q:${createHash('sha1').update(text).digest('base64url')}`;
}

let onServer = true;

/**
 * Whether statements are prepared on the server, once per connection (queryPrepared's names,
 * simpleText's PREPARE), for the whole process; on unless a service's configuration turns it off
 * (PG_PREPARED_STATEMENTS=false: behind a pooler that hands each transaction any server connection,
 * where a statement prepared on one is unknown on the next). Off, every statement is sent as text.
 */
export function usePreparedStatements(enabled: boolean): void {
  onServer = enabled;
}

/** usePreparedStatements' setting. */
export function preparesOnServer(): boolean {
  return onServer;
}

/**
 * Runs a statement of the busy paths as a named (prepared) statement on a pg pool or connection:
 * PostgreSQL parses and analyses it once per connection and, after a few runs, keeps a generic plan,
 * where an unnamed statement is parsed, analysed and planned on every run (in B4 planning alone was
 * about a quarter of the database's CPU). Only for statements whose text comes from a bounded set of
 * shapes (values as parameters, never written in): each shape stays prepared while the connection
 * lives. Anything that is not pg (a test's double), or any connection when usePreparedStatements is
 * off, gets the text as it is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same default as pg's QueryResultRow
export function queryPrepared<R extends Record<string, any>>(db: EventStoreTransaction, text: string, values: unknown[]): Promise<{ rows: R[] }> {
  if (onServer && (db instanceof Client || db instanceof Pool)) return db.query<R>({ name: preparedName(text), text, values });
  return db.query<R>(text, values);
}
