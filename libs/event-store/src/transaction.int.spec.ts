import { type TestSchema, createTestSchema } from './testing/test-schema';
import { inlineParameters } from './inline-parameters';
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

it('inlineParameters writes values PostgreSQL reads back as they were', async () => {
  const texts = ['a"b', 'c\\d', "it's", '{x,y}', 'NULL', '中文：合计', ''];
  const { rows } = await db.pool.query<{ a: (string | null)[]; s: string; n: string; j: unknown }>(
    inlineParameters('SELECT $1::text[] AS a, $2::text AS s, $3::bigint::text AS n, $4::jsonb AS j', [[...texts, null], texts.join('\\'), 9007199254740993n, JSON.stringify({ q: texts })]),
  );
  expect(rows[0]).toEqual({ a: [...texts, null], s: texts.join('\\'), n: '9007199254740993', j: { q: texts } });
});

it('sends the statement the work left for the end with COMMIT; when it fails nothing commits', async () => {
  await withTransaction(db.pool, async (tx, _opened, end) => {
    await tx.query(`INSERT INTO ${table} VALUES ('before the end')`);
    end.withCommit(inlineParameters(`INSERT INTO ${table} VALUES ($1)`, ["at the end, it's"]));
    expect(() => end.withCommit('SELECT 1')).toThrow('already ends');
  });
  expect(await notes()).toEqual(["at the end, it's", 'before the end', 'kept']);
  await db.pool.query(`DELETE FROM ${table} WHERE note <> 'kept'`);

  await expect(
    withTransaction(db.pool, async (tx, _opened, end) => {
      await tx.query(`INSERT INTO ${table} VALUES ('lost')`);
      end.withCommit(`INSERT INTO ${table} VALUES (NULL)`);
    }),
  ).rejects.toThrow(/null value/);
  expect(await notes()).toEqual(['kept']);
  // The connection that failed at the end went back to the pool usable.
  await withTransaction(db.pool, (tx) => tx.query('SELECT 1'));
});

it('sends no COMMIT of its own for work that commits itself; when that work fails, nothing commits', async () => {
  // A COMMIT sent after the work's would draw the server's warning "there is no transaction in progress".
  const notices: string[] = [];
  await withTransaction(db.pool, async (tx, _opened, end) => {
    tx.on('notice', (n) => notices.push(String(n.message)));
    end.commitsItself();
    expect(() => end.withCommit('SELECT 1')).toThrow('already ends');
    await tx.query(`INSERT INTO ${table} VALUES ('committed by the work'); COMMIT`);
  });
  expect(notices).toEqual([]);
  expect(await notes()).toEqual(['committed by the work', 'kept']);
  await db.pool.query(`DELETE FROM ${table} WHERE note <> 'kept'`);

  await expect(
    withTransaction(db.pool, async (tx, _opened, end) => {
      end.commitsItself();
      await tx.query(`INSERT INTO ${table} VALUES ('lost'); INSERT INTO ${table} VALUES (NULL); COMMIT`);
    }),
  ).rejects.toThrow(/null value/);
  expect(await notes()).toEqual(['kept']);
  await withTransaction(db.pool, (tx) => tx.query('SELECT 1'));
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
