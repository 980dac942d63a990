import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PlatformConfig } from '../config';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a safe SQL identifier: ${name}`);
  return name;
}

/** `{ ssl }` for pg (and TypeORM) when PGSSLMODE is set, else nothing: pg's own defaults stay as they were. */
export function pgSslOption(pg: PlatformConfig['postgres']): { ssl?: NonNullable<PlatformConfig['postgres']['ssl']> } {
  return pg.ssl === undefined ? {} : { ssl: pg.ssl };
}

/**
 * TypeORM keeps its migrations table inside the schema, so the schema must exist before it migrates.
 * Creates the schema if missing and runs `work` (the migrations) while holding a session advisory
 * lock of that schema, so replicas starting together neither race on CREATE SCHEMA nor run a
 * migration twice. The lock goes with the session, also when the process dies holding it.
 */
export async function withSchemaLock<T>(pg: PlatformConfig['postgres'], schema: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database, ...pgSslOption(pg) });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtextextended('budget.schema:' || $1, 0))`, [schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${assertIdentifier(schema)}`);
    return await work();
  } finally {
    // Ending the session releases the lock.
    await client.end();
  }
}

/**
 * Session settings every pooled connection starts with: its schema and the timeouts that keep one
 * slow statement or abandoned transaction from holding a connection (and its locks) for ever.
 */
export function sessionOptions(pg: PlatformConfig['postgres'], schema: string): string {
  return [
    `-c search_path=${assertIdentifier(schema)}`,
    `-c statement_timeout=${pg.statementTimeoutMs}`,
    `-c idle_in_transaction_session_timeout=${pg.idleInTransactionTimeoutMs}`,
  ].join(' ');
}

/** The pg pool behind TypeORM: the event store and TypeORM share connections and transactions this way. */
export function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('The TypeORM data source is not connected to PostgreSQL');
  return pool;
}

/**
 * A small pool of its own for heavy reads (exports, verification, tables as of a moment): a burst
 * of them waits for one of its few connections instead of taking those the consumers need.
 */
export function createReadPool(pg: PlatformConfig['postgres'], schema: string): Pool {
  return new Pool({
    host: pg.host,
    port: pg.port,
    user: pg.user,
    password: pg.password,
    database: pg.database,
    max: pg.readPoolSize,
    connectionTimeoutMillis: pg.connectionTimeoutMs,
    application_name: `${schema}-reads`,
    options: sessionOptions(pg, schema),
    ...pgSslOption(pg),
  });
}
