import { Client, type Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PlatformConfig } from '../config';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a safe SQL identifier: ${name}`);
  return name;
}

/** TypeORM keeps its migrations table inside the schema, so the schema must exist before it connects. */
export async function ensureSchema(pg: PlatformConfig['postgres'], schema: string): Promise<void> {
  const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${assertIdentifier(schema)}`);
  } finally {
    await client.end();
  }
}

/** The pg pool behind TypeORM: the event store and TypeORM share connections and transactions this way. */
export function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('The TypeORM data source is not connected to PostgreSQL');
  return pool;
}
