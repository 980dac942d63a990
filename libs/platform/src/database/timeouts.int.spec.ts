import { loadConfig } from '../config';
import { ApiExceptionFilter } from '../http/exception.filter';
import { createReadPool } from './postgres';

const base = loadConfig({ ...process.env, NODE_ENV: 'test', PGDATABASE: 'postgres' }).postgres;

describe('database timeouts', () => {
  it('starts every connection with the statement and idle-in-transaction limits, and maps a cancelled statement to 503', async () => {
    const pool = createReadPool({ ...base, statementTimeoutMs: 200, idleInTransactionTimeoutMs: 300, readPoolSize: 1, connectionTimeoutMs: 500 }, 'public');
    try {
      const settings = await pool.query<{ s: string; i: string }>(`SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i`);
      expect(settings.rows[0]).toEqual({ s: '200ms', i: '300ms' });
      const error = await pool.query('SELECT pg_sleep(2)').catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('57014');
      expect(new ApiExceptionFilter().toBody(error)).toMatchObject({ statusCode: 503, code: 'QUERY_TIMEOUT' });

      // The pool's one connection is taken: the next caller is told the service is busy, not left waiting.
      const held = await pool.connect();
      try {
        const waited = await pool.connect().catch((e: unknown) => e);
        expect(new ApiExceptionFilter().toBody(waited)).toMatchObject({ statusCode: 503, code: 'BUSY', message: '系统繁忙，请稍后重试' });
      } finally {
        held.release();
      }
    } finally {
      await pool.end();
    }
  });
});
