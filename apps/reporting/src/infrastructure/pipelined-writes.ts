import { type EventStoreTransaction } from '@budget/event-store';
import { type Connection, type PoolClient, type Submittable } from 'pg';

/** One write of a pipeline: a COPY FROM STDIN of text-format lines into a table, or a statement with its parameters. */
export type PipelinedWrite =
  | { readonly kind: 'copy'; readonly table: string; readonly columns: string; readonly text: string | Buffer }
  | { readonly kind: 'statement'; readonly text: string; readonly params: readonly (string | number | null)[] };

/** The protocol's message codes a pipeline writes itself (the driver's serializer writes the others). */
const COPY_DATA = 0x64;
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/**
 * The driver's connection behind a transaction of the reporting store (ReportStore.transaction, the
 * consumers'): COPY streams through it. A transaction of another kind (an in-memory one) is refused.
 */
export function pgConnection(tx: EventStoreTransaction): PoolClient {
  if (typeof (tx as Partial<PoolClient>).release !== 'function') throw new Error('COPY needs a PostgreSQL connection of the reporting store');
  return tx as PoolClient;
}

/**
 * Writes sent in one go: every write's messages of the extended protocol (Parse, Bind, Execute, and a
 * COPY's data right behind it) and one Sync at the end, without waiting for the server between them.
 * The server answers once: a COPY's data waits in the socket until it reads it, and after an error
 * it skips every message up to the Sync (a COPY's data included), so nothing after the failing write
 * is done and the transaction is left failed. Unlike the driver's queue (a statement sent once the
 * one before has been answered), the writes cost one round trip, and none waits on Node's event loop.
 */
class Pipeline implements Submittable {
  private settle: { resolve: () => void; reject: (error: Error) => void } | null = null;
  readonly done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
  private reach: (() => void) | null = null;
  /** Settles once the server has done the first `reachedAfter` writes, or the pipeline has failed or ended. */
  readonly reached = new Promise<void>((resolve) => (this.reach = resolve));
  private completed = 0;
  /** What the statement counter's tally shows (libs/platform statements.ts): one round trip, its writes. */
  readonly text: string;

  constructor(
    private readonly writes: readonly PipelinedWrite[],
    private readonly reachedAfter: number,
  ) {
    this.text = `pipeline: ${writes.map((w) => (w.kind === 'copy' ? `COPY ${w.table} FROM STDIN` : w.text)).join('; ')}`;
  }

  submit(connection: Connection): void {
    let sent = 0;
    for (const write of this.writes) {
      if (write.kind === 'copy') {
        connection.parse({ name: '', text: `COPY ${write.table} (${write.columns}) FROM STDIN`, types: [] }, true);
        connection.bind({}, true);
        connection.execute({}, true);
        const header = Buffer.alloc(5);
        header[0] = COPY_DATA;
        header.writeUInt32BE(Buffer.byteLength(write.text) + 4, 1);
        connection.stream.write(header);
        connection.stream.write(write.text);
        connection.stream.write(COPY_DONE);
      } else {
        connection.parse({ name: '', text: write.text, types: [] }, true);
        connection.bind({ values: write.params.map((v) => (v === null ? null : String(v))) }, true);
        connection.execute({}, true);
      }
      // The server sends what it has done so far (it would hold its answers until the Sync).
      if (++sent === this.reachedAfter) connection.flush();
    }
    connection.sync();
  }

  /** Emptied by the driver when a query timeout is set; kept so that it can be. */
  callback(): void {}

  handleCopyInResponse(): void {
    // The COPY's data was sent with it.
  }

  handleCommandComplete(): void {
    if (++this.completed === this.reachedAfter) this.reach?.();
  }

  handleRowDescription(): void {}

  handleDataRow(): void {}

  handleEmptyQuery(): void {}

  /** The server's error (or the connection's): the driver forgets the pipeline, and the server skips the rest of it. */
  handleError(error: Error): void {
    this.callback();
    this.settle?.reject(error);
    this.settle = null;
    this.reach?.();
  }

  handleReadyForQuery(): void {
    this.callback();
    this.settle?.resolve();
    this.settle = null;
    this.reach?.();
  }
}

/** A pipeline sent: `done` when the server has done every write, `reached` once it has done the first `reachedAfter` (or failed). */
export interface SentPipeline {
  readonly done: Promise<void>;
  readonly reached: Promise<void>;
}

/**
 * Sends `writes` in the caller's transaction as one pipeline (Pipeline), behind the statements sent
 * before. `done` resolves once the server has done them all, or rejects with the first error: then
 * none after it was done and the transaction has failed (the caller rolls back). `reached` settles
 * as soon as the server has done the first `reachedAfter` writes (a lock the pipeline takes first),
 * or when `done` settles.
 */
export function sendPipelined(tx: EventStoreTransaction, writes: readonly PipelinedWrite[], reachedAfter = writes.length): SentPipeline {
  if (writes.length === 0) return { done: Promise.resolve(), reached: Promise.resolve() };
  const pipeline = new Pipeline(writes, reachedAfter);
  void pgConnection(tx).query(pipeline);
  return { done: pipeline.done, reached: pipeline.reached };
}
