import { type TestSchema, createTestSchema } from './testing/test-schema';
import { withTransaction } from './transaction';

let db: TestSchema;
let table: string;

beforeAll(async () => {
  db = await createTestSchema('tx_test');
  table = `"${db.schema}".notes`;
  await db.pool.query(`CREATE TABLE ${table} (note text NOT NULL)`);
});

afterAll(async () => {
  await db.drop();
});

const notes = async (): Promise<string[]> => (await db.pool.query<{ note: string }>(`SELECT note FROM ${table} ORDER BY note`)).rows.map((r) => r.note);

it('commits what the work wrote and returns its result', async () => {
  const result = await withTransaction(db.pool, async (tx) => {
    await tx.query(`INSERT INTO ${table} VALUES ('kept')`);
    return 42;
  });
  expect(result).toBe(42);
  expect(await notes()).toEqual(['kept']);
});

it('rolls back everything the work wrote when it throws, and rethrows', async () => {
  await expect(
    withTransaction(db.pool, async (tx) => {
      await tx.query(`INSERT INTO ${table} VALUES ('lost')`);
      throw new Error('refused');
    }),
  ).rejects.toThrow('refused');
  expect(await notes()).toEqual(['kept']);
});

it('opens the transaction with the statement given', async () => {
  const level = await withTransaction(db.pool, async (tx) => (await tx.query<{ l: string }>("SELECT current_setting('transaction_isolation') AS l")).rows[0]!.l, {
    begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  });
  expect(level).toBe('repeatable read');
  await expect(withTransaction(db.pool, (tx) => tx.query(`INSERT INTO ${table} VALUES ('x')`), { begin: 'BEGIN READ ONLY' })).rejects.toThrow(/read-only/);
});

it('survives the session ending inside the work, and destroys that connection instead of handing it to the next caller', async () => {
  const pids = new Set<number>();
  await expect(
    withTransaction(db.pool, async (tx) => {
      const pid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      pids.add(pid);
      // Another session ends this one: the ROLLBACK cannot reach the server either.
      await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      await tx.query('SELECT 1');
    }),
  ).rejects.toThrow();
  // The next transactions run on live connections.
  for (let i = 0; i < 3; i++) {
    const pid = await withTransaction(db.pool, async (tx) => (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    expect(pids.has(pid)).toBe(false);
  }
});
