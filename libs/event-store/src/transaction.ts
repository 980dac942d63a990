import type { Pool, PoolClient, QueryResult } from 'pg';
import { type SimpleStatement, isUnknownPrepared, simpleText } from './simple-prepared';

export interface TransactionOptions {
  /**
   * The statement that opens the transaction: `BEGIN` unless given (an isolation level, READ ONLY).
   * It may carry the transaction's first statement after it (`BEGIN; INSERT …`, the simple protocol,
   * so without parameters: literals escaped with escapeLiteral, or PreparedCalls): one round trip
   * less. Its results are handed to `work`, one per statement.
   */
  readonly begin?: string | readonly SimpleStatement[];
}

/** What the work may leave for the end of its transaction. */
export interface TransactionEnd {
  /**
   * Sends `sql` (statements without parameters: inlineParameters, or PreparedCalls) in COMMIT's round
   * trip, as the transaction's last: one round trip less for work whose last write needs no answer. At
   * most once. It fails as the work would have: nothing is committed and withTransaction rejects with its error.
   */
  withCommit(sql: SimpleStatement | readonly SimpleStatement[]): void;
  /**
   * The work sends COMMIT itself, as the end of its last round trip (a pipeline of writes that ends
   * with it), and returns once the server has answered: nothing more is sent. Should the work throw
   * (the pipeline failed before its COMMIT, or the COMMIT failed), the transaction is rolled back as
   * for any failing work. Not with withCommit. `false` takes it back (a pipeline that was to commit
   * failed, and the work goes on without committing itself).
   */
  commitsItself(itself?: boolean): void;
}

/**
 * The one way to run work in a transaction on a pooled connection: BEGIN, the work, COMMIT; on any
 * error ROLLBACK and the error rethrown. A connection that could not open the transaction or even
 * roll it back (it broke, the server went away), or that lost the statements simpleText prepared on
 * it, is destroyed rather than given to the next caller, and the session's end while it is out of
 * the pool is heard, not left to crash the process.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (tx: PoolClient, opened: readonly QueryResult[], end: TransactionEnd) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | boolean = false;
  // A session ended between two statements (server restart, pg_terminate_backend, a network cut)
  // is reported as an error event on the client; unheard, it would end the process.
  const ended = (error: Error): void => {
    broken = error;
  };
  client.on('error', ended);
  try {
    let opened: QueryResult | QueryResult[];
    try {
      opened = await client.query(typeof opts.begin === 'object' ? await simpleText(client, opts.begin) : (opts.begin ?? 'BEGIN'));
    } catch (error) {
      // A statement after BEGIN failed (the transaction is open and aborted): rolled back, the
      // connection is fine. BEGIN itself failed: the connection is not (the ROLLBACK fails too).
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      if (isUnknownPrepared(error)) broken = true;
      throw error;
    }
    try {
      let last: readonly SimpleStatement[] | undefined;
      let committed = false;
      const end: TransactionEnd = {
        withCommit(sql) {
          if (last !== undefined || committed) throw new Error('withCommit: the transaction already ends with a statement');
          last = Array.isArray(sql) ? sql : [sql as SimpleStatement];
        },
        commitsItself(itself = true) {
          if (itself && last !== undefined) throw new Error('commitsItself: the transaction already ends with a statement');
          committed = itself;
        },
      };
      const result = await work(client, Array.isArray(opened) ? opened : [opened], end);
      if (!committed) await client.query(last === undefined ? 'COMMIT' : await simpleText(client, [...last, 'COMMIT']));
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      if (isUnknownPrepared(error)) broken ||= true;
      throw error;
    }
  } finally {
    client.off('error', ended);
    client.release(broken);
  }
}
