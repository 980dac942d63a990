import { randomBytes } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { copyField } from './copy-text';
import { sendPipelined } from './pipelined-writes';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/budget';

jest.setTimeout(60_000);

describe('sendPipelined on PostgreSQL', () => {
  const schema = `pipelined_test_${randomBytes(5).toString('hex')}`;
  let pool: Pool;
  let client: PoolClient;

  beforeAll(async () => {
    pool = new Pool({ connectionString: DATABASE_URL, max: 3, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query('CREATE TABLE lines (id integer PRIMARY KEY, note text NOT NULL)');
    await pool.query('CREATE TABLE docs (id integer PRIMARY KEY, doc jsonb NOT NULL)');
    await pool.query('CREATE TABLE counter (name text PRIMARY KEY, value bigint NOT NULL)');
  });

  beforeEach(async () => {
    await pool.query('TRUNCATE lines, docs, counter');
    await pool.query(`INSERT INTO counter VALUES ('chunks', 0)`);
    client = await pool.connect();
  });

  afterEach(() => client.release());

  afterAll(async () => {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });

  const count = async (table: string): Promise<number> => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  const counter = async (): Promise<string | undefined> => (await pool.query<{ value: string }>(`SELECT value::text FROM counter`)).rows[0]?.value;

  it('does two COPYs and a statement with parameters in one go, in the transaction', async () => {
    // Given text with characters COPY escapes, non-ASCII text, and a large copy (several MiB: more than a socket's buffer)
    const note = `预算\t绩效\\目标\n第二行`;
    const many = Array.from({ length: 40_000 }, (_, i) => `${i + 10}\t${'x'.repeat(100)}\n`).join('');
    const lines = `1\t${copyField(note)}\n${many}`;
    const docs = Buffer.from(`1\t{"名称": "项目", "金额": 302200000}\n2\t{"a": null}\n`);

    // When
    await client.query('BEGIN');
    await sendPipelined(client, [
      { kind: 'copy', table: 'lines', columns: 'id, note', text: lines },
      { kind: 'copy', table: 'docs', columns: 'id, doc', text: docs },
      { kind: 'statement', text: 'UPDATE counter SET value = value + $2::bigint WHERE name = $1', params: ['chunks', 2] },
    ]).done;
    expect(await count('lines')).toBe(0); // not committed yet
    await client.query('COMMIT');

    // Then
    expect(await count('lines')).toBe(40_001);
    expect((await pool.query<{ note: string }>('SELECT note FROM lines WHERE id = 1')).rows[0]?.note).toBe(note);
    expect((await pool.query<{ doc: unknown }>('SELECT doc FROM docs WHERE id = 1')).rows[0]?.doc).toEqual({ 名称: '项目', 金额: 302200000 });
    expect(await counter()).toBe('2');
  });

  it('rejects with the server error of a failing COPY, does nothing after it, and leaves the connection usable once rolled back', async () => {
    // Given a first COPY whose second line repeats a key, then more writes behind it
    await client.query('BEGIN');
    const sent = sendPipelined(client, [
      { kind: 'copy', table: 'lines', columns: 'id, note', text: '1\ta\n1\tb\n' },
      { kind: 'copy', table: 'docs', columns: 'id, doc', text: '1\t{}\n' },
      { kind: 'statement', text: 'UPDATE counter SET value = value + 1 WHERE name = $1', params: ['chunks'] },
    ]).done;

    // Then
    await expect(sent).rejects.toThrow(/duplicate key value violates unique constraint/);
    await expect(client.query('SELECT 1')).rejects.toThrow(/current transaction is aborted/);
    await client.query('ROLLBACK');
    expect((await client.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    expect([await count('lines'), await count('docs'), await counter()]).toEqual([0, 0, '0']);
  });

  it('rejects when the statement after the COPYs fails, and the rollback takes the COPYs back', async () => {
    await client.query('BEGIN');
    const sent = sendPipelined(client, [
      { kind: 'copy', table: 'lines', columns: 'id, note', text: '1\ta\n' },
      { kind: 'statement', text: 'UPDATE counter SET value = $1::bigint', params: ['not a number'] },
    ]).done;
    await expect(sent).rejects.toThrow(/invalid input syntax for type bigint/);
    await client.query('ROLLBACK');
    expect([await count('lines'), await counter()]).toEqual([0, '0']);
  });

  it('a COPY with a malformed line fails alone: the next pipeline on the same connection works', async () => {
    await client.query('BEGIN');
    await expect(sendPipelined(client, [{ kind: 'copy', table: 'lines', columns: 'id, note', text: 'one\ta\n' }]).done).rejects.toThrow(/invalid input syntax for type integer/);
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    await sendPipelined(client, [{ kind: 'copy', table: 'lines', columns: 'id, note', text: '7\tb\n' }]).done;
    await client.query('COMMIT');
    expect(await count('lines')).toBe(1);
  });

  it('waits behind the statements sent before it on the connection', async () => {
    await client.query('BEGIN');
    const first = client.query(`INSERT INTO lines VALUES (1, 'first')`);
    const sent = sendPipelined(client, [{ kind: 'statement', text: `UPDATE lines SET note = note || $1`, params: [' then the pipeline'] }]).done;
    await Promise.all([first, sent]);
    await client.query('COMMIT');
    expect((await pool.query<{ note: string }>('SELECT note FROM lines')).rows).toEqual([{ note: 'first then the pipeline' }]);
  });

  it('tells when the first writes are done, before the rest: a lock taken first is known held while the writes behind it wait', async () => {
    // Given another transaction holding the row lock
    const holder = await pool.connect();
    await holder.query(`BEGIN; SELECT * FROM counter FOR UPDATE`);
    await client.query('BEGIN');
    const sent = sendPipelined(
      client,
      [
        { kind: 'statement', text: 'SELECT 1 FROM counter WHERE name = $1 FOR UPDATE', params: ['chunks'] },
        { kind: 'statement', text: 'SELECT pg_sleep(0.3)', params: [] },
        { kind: 'statement', text: 'UPDATE counter SET value = 5', params: [] },
      ],
      1,
    );
    const order: string[] = [];
    void sent.reached.then(() => order.push('reached'));
    void sent.done.then(() => order.push('done'));
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual([]); // waiting for the lock

    // When the holder lets go
    await holder.query('COMMIT');
    holder.release();
    await sent.reached;
    expect(order).toEqual(['reached']); // the lock is held; the sleep goes on
    await sent.done;
    await client.query('COMMIT');
    expect(order).toEqual(['reached', 'done']);
    expect(await counter()).toBe('5');
  });
});
