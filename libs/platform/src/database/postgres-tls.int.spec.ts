import { Client } from 'pg';
import { loadConfig } from '../config';
import { createReadPool } from './postgres';

// PostgreSQL over TLS (PGSSLMODE): live when the local server has ssl on; otherwise the option is
// still checked on the pool, and the live part is skipped with the reason in the log.
const env = { NODE_ENV: 'test', PGDATABASE: process.env.PGDATABASE ?? 'postgres' };

describe('PostgreSQL over TLS (PGSSLMODE)', () => {
  let sslOn = false;

  beforeAll(async () => {
    const plain = loadConfig(env).postgres;
    const client = new Client({ host: plain.host, port: plain.port, user: plain.user, password: plain.password, database: plain.database });
    await client.connect();
    try {
      sslOn = (await client.query<{ ssl: string }>('SHOW ssl')).rows[0]?.ssl === 'on';
    } finally {
      await client.end();
    }
    if (!sslOn) console.warn(`postgres-tls.int.spec: the live TLS check is skipped: ssl is off on ${plain.host}:${plain.port} (SHOW ssl)`);
  });

  it('gives the read pool the ssl option PGSSLMODE asks for, and none when unset', async () => {
    const secured = createReadPool(loadConfig({ ...env, PGSSLMODE: 'require' }).postgres, 'public');
    const plain = createReadPool(loadConfig(env).postgres, 'public');
    try {
      expect((secured as unknown as { options: { ssl?: unknown } }).options.ssl).toEqual({ rejectUnauthorized: false });
      expect('ssl' in (plain as unknown as { options: object }).options).toBe(false);
    } finally {
      await Promise.all([secured.end(), plain.end()]);
    }
  });

  it('connects over TLS with PGSSLMODE=require (when the server has ssl on)', async () => {
    if (!sslOn) return;
    const pool = createReadPool(loadConfig({ ...env, PGSSLMODE: 'require' }).postgres, 'public');
    try {
      const { rows } = await pool.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(rows[0]?.ssl).toBe(true);
    } finally {
      await pool.end();
    }
  });
});
