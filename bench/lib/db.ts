import { Client, Pool, type PoolConfig } from 'pg';

/**
 * The benchmarks work in a database of their own (default `budget_bench`), created at the start
 * and dropped at the end, so they never touch the dev database `budget` nor the e2e databases.
 */
export const BENCH_DATABASE = process.env.BENCH_DATABASE ?? 'budget_bench';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function connection(database: string): PoolConfig {
  return {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
    database,
  };
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(connection('postgres'));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(name: string): Promise<void> {
  if (!IDENTIFIER.test(name)) throw new Error(`not a database name: ${name}`);
  if (name === 'budget' || name.startsWith('budget_e2e')) throw new Error(`refusing to recreate ${name}: it is not a benchmark database`);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
}

export async function dropDatabase(name: string): Promise<void> {
  if (!IDENTIFIER.test(name)) throw new Error(`not a database name: ${name}`);
  if (name === 'budget' || name.startsWith('budget_e2e')) throw new Error(`refusing to drop ${name}: it is not a benchmark database`);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export function benchPool(max = 10, database = BENCH_DATABASE): Pool {
  return new Pool({ ...connection(database), max });
}

export function connectionString(database = BENCH_DATABASE): string {
  const user = encodeURIComponent(process.env.PGUSER ?? 'postgres');
  const password = process.env.PGPASSWORD;
  const auth = password ? `${user}:${encodeURIComponent(password)}` : user;
  return `postgres://${auth}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? 5432}/${database}`;
}

export async function serverVersion(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return `PostgreSQL ${rows[0]?.v ?? '?'}`;
}

/** The durability settings every figure was taken with; printed with the results. */
export async function durability(pool: Pool): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_level', 'full_page_writes', 'shared_buffers', 'max_wal_size')`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

/** Writes dirty pages now, so a checkpoint does not land in the middle of a timed run. */
export async function checkpoint(pool: Pool): Promise<void> {
  await pool.query('CHECKPOINT');
}
