import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { eventStoreSchemaSql } from '../schema';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/budget';

export interface TestSchema {
  readonly pool: Pool;
  readonly schema: string;
  drop(): Promise<void>;
}

/** A fresh event-store schema with a random name, so test files can run side by side on one database. */
export async function createTestSchema(prefix: string): Promise<TestSchema> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 10 });
  for (const statement of eventStoreSchemaSql(schema)) await pool.query(statement);
  return {
    pool,
    schema,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
