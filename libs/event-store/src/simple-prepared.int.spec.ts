import { Pool } from 'pg';
import { TEST_DATABASE_URL, type TestSchema, createTestSchema } from './testing/test-schema';
import { usePreparedStatements } from './prepared-statement';
import { PreparedCall } from './simple-prepared';
import { withTransaction } from './transaction';

let db: TestSchema;
/** One connection, so every transaction meets what the ones before prepared on it. */
let single: Pool;
let table: string;

beforeAll(async () => {
  db = await createTestSchema('prepared_test');
  single = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  table = `"${db.schema}".notes`;
  await db.pool.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, note text NOT NULL, tags text[] NOT NULL)`);
});

afterAll(async () => {
  await single.end();
  await db.drop();
});

const ours = async (): Promise<string[]> =>
  (await single.query<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE $1 ORDER BY split_part(statement, '" AS ', 2)`, [`%${db.schema}%`])).rows.map((r) => r.statement);
const backend = async (): Promise<number> => (await single.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

describe('PreparedCall in the simple protocol, on a real PostgreSQL', () => {
  const texts = ['a"b', 'c\\d', "it's", '{x,y}', 'NULL', '中文：合计', ''];
  const count = (below: number): PreparedCall => new PreparedCall(`SELECT count(*)::int AS n FROM ${table} WHERE id < $1`, [below]);
  const insert = (id: number): PreparedCall => new PreparedCall(`INSERT INTO ${table} (id, note, tags) VALUES ($1, $2, $3::text[])`, [id, texts.join('\\'), texts]);

  it('given one connection, when the same statements go with BEGIN and COMMIT three times, then each is prepared once and reads its values as they were', async () => {
    const counts: number[] = [];
    for (let id = 1; id <= 3; id++) {
      await withTransaction(
        single,
        (_tx, opened, end) => {
          counts.push((opened[1]!.rows[0] as { n: number }).n);
          end.withCommit(insert(id));
          return Promise.resolve();
        },
        { begin: ['BEGIN', count(id)] },
      );
    }
    expect(counts).toEqual([0, 1, 2]);
    expect(await ours()).toEqual([expect.stringMatching(/^PREPARE "q:[\w-]+:s" AS INSERT INTO/), expect.stringMatching(/^PREPARE "q:[\w-]+:s" AS SELECT count/)]);
    const { rows } = await db.pool.query<{ id: number; note: string; tags: string[] }>(`SELECT id, note, tags FROM ${table} ORDER BY id`);
    expect(rows).toEqual([1, 2, 3].map((id) => ({ id, note: texts.join('\\'), tags: texts })));
  });

  it('given a statement whose PREPARE fails, when its transaction runs, then it fails with the error of the PREPARE, and the statement is prepared again when next used', async () => {
    const later = `"${db.schema}".later`;
    const read = new PreparedCall(`SELECT note FROM ${later} WHERE id = $1`, [1]);
    await expect(withTransaction(single, () => Promise.resolve(), { begin: ['BEGIN', read] })).rejects.toThrow(`relation "${db.schema}.later" does not exist`);
    await db.pool.query(`CREATE TABLE ${later} (id integer, note text); INSERT INTO ${later} VALUES (1, 'now there')`);
    const note = await withTransaction(single, (_tx, opened) => Promise.resolve((opened[1]!.rows[0] as { note: string }).note), { begin: ['BEGIN', read] });
    expect(note).toBe('now there');
  });

  it('given a connection that lost its prepared statements, when a transaction executes one, then it fails, the connection is closed, and the next transaction prepares on a new one', async () => {
    await withTransaction(single, () => Promise.resolve(), { begin: ['BEGIN', count(10)] });
    const before = await backend();
    await single.query('DEALLOCATE ALL');
    await expect(withTransaction(single, () => Promise.resolve(), { begin: ['BEGIN', count(10)] })).rejects.toThrow(/prepared statement "q:[\w-]+:s" does not exist/);
    const n = await withTransaction(single, (_tx, opened) => Promise.resolve((opened[1]!.rows[0] as { n: number }).n), { begin: ['BEGIN', count(10)] });
    expect(n).toBe(3);
    expect(await backend()).not.toBe(before);
  });

  it('given prepared statements turned off, when a transaction runs calls new to its connection, then they run as text and nothing is prepared', async () => {
    const before = await ours();
    const max = new PreparedCall(`SELECT max(id) AS m FROM ${table} WHERE note <> $1`, ['none']);
    usePreparedStatements(false);
    try {
      const m = await withTransaction(single, (_tx, opened) => Promise.resolve((opened[1]!.rows[0] as { m: number }).m), { begin: ['BEGIN', max] });
      expect(m).toBe(3);
    } finally {
      usePreparedStatements(true);
    }
    expect(await ours()).toEqual(before);
  });
});
