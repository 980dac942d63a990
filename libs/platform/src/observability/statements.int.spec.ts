import { Pool } from 'pg';
import { countingStatements, onStatement, type RequestCost } from './statements';

let pool: Pool;
beforeAll(() => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/budget', max: 2 });
});
afterAll(() => pool.end());

describe('statements per request', () => {
  it('given a request that sends three statements through the pool and a checked-out client, then it is charged three, and work outside it none', async () => {
    const seen: boolean[] = [];
    const stop = onStatement((inRequest) => seen.push(inRequest));
    try {
      await pool.query('SELECT 1');
      const cost: RequestCost = { statements: 0 };
      await countingStatements(cost, async () => {
        await pool.query('SELECT 1');
        const client = await pool.connect();
        try {
          await client.query('SELECT 2');
          await client.query('SELECT 3');
        } finally {
          client.release();
        }
      });
      expect(cost.statements).toBe(3);
      expect(seen).toEqual([false, true, true, true]);
    } finally {
      stop();
    }
  });
});
