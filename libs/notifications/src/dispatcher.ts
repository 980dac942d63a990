import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { withTransaction } from '@budget/event-store';
import { type Notification, type Pool, type PoolClient } from 'pg';
import { Sleeper, nextBackoff, withTimeout } from './backoff';
import { type NotificationsConfig } from './config';
import { assertSchemaName, jobIdFor, notificationsChannel } from './ids';
import { type NotificationsLogger, consoleLogger, errorText } from './logger';
import { type DeliveryJobData, type DeliveryJobName, jobOptions, queueName, redisOptions } from './queues';
import { CHANNELS, type Channel, type NotificationKind } from './types';

export interface NotificationDispatcherOptions {
  readonly logger?: NotificationsLogger;
  readonly now?: () => Date;
  /**
   * Runs after a batch is on BullMQ and before its rows are marked queued. For tests that
   * simulate a crash in between (by throwing); nothing else should need it.
   */
  readonly afterEnqueue?: (ids: readonly string[]) => Promise<void> | void;
}

interface EnqueueRow {
  id: string;
  kind: NotificationKind;
  channel: Channel;
  retry: number;
  deliver_at: Date;
}

/** A Redis call failed or did not answer: requests stay in PostgreSQL until Redis is back. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

type DeliveryQueue = Queue<DeliveryJobData, unknown, DeliveryJobName>;

/**
 * Moves committed requests from PostgreSQL to BullMQ (job id = delivery id) and removes the
 * delayed jobs of cancelled ones. Several instances may run: rows are claimed with SKIP LOCKED and
 * BullMQ ignores a job id it already holds. While Redis is down nothing is marked queued, so
 * nothing is lost; the loop backs off and tries again.
 */
export class NotificationDispatcher {
  private readonly s: string;
  private readonly channel: string;
  private readonly logger: NotificationsLogger;
  private readonly now: () => Date;
  private readonly sleeper = new Sleeper();
  private queues: Map<Channel, DeliveryQueue> | null = null;
  /** One connection shared by the three queues; ours, so that stop() can end it even while Redis is away. */
  private redisClient: Redis | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private session: PoolClient | null = null;
  private sessionBroken = false;
  private redisErrorLogged = false;

  constructor(
    private readonly pool: Pool,
    private readonly config: NotificationsConfig,
    private readonly opts: NotificationDispatcherOptions = {},
  ) {
    this.s = `"${assertSchemaName(config.schema)}"`;
    this.channel = notificationsChannel(config.schema);
    this.logger = opts.logger ?? consoleLogger;
    this.now = opts.now ?? (() => new Date());
  }

  /** Starts in the background; never waits for Redis. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
    this.loop = null;
    await this.releaseSession();
    const queues = this.queues;
    const client = this.redisClient;
    this.queues = null;
    this.redisClient = null;
    if (queues) {
      // A queue that never reached Redis has nothing to flush; do not let it hold up a shutdown.
      await Promise.all([...queues.values()].map((q) => withTimeout(q.close(), this.config.redis.commandTimeoutMs, 'closing a queue').catch(() => undefined)));
    }
    // BullMQ leaves a shared connection open, and its own would keep reconnecting after a failed QUIT.
    client?.disconnect();
  }

  /**
   * One round: enqueues every pending request, re-enqueues stale queued ones and removes the jobs
   * of cancelled ones. Returns how many requests went to BullMQ. Throws when Redis or PostgreSQL
   * fails (the running loop retries).
   */
  async dispatchPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.enqueueBatch('pending');
      total += n;
      if (n < this.config.dispatcher.batchSize) break;
    }
    await this.enqueueBatch('stale');
    await this.removeCancelledJobs();
    return total;
  }

  private async run(): Promise<void> {
    let backoff = 0;
    let outage = null as { since: number; reason: string } | null;
    while (this.running) {
      try {
        await this.listen();
        const dispatched = await this.dispatchPending();
        if (outage) {
          this.logger('info', `notification dispatcher: dispatching again after ${Math.round((Date.now() - outage.since) / 1000)} s`, { dispatched });
          outage = null;
          this.redisErrorLogged = false;
        }
        backoff = 0;
        await this.sleeper.sleep(this.config.dispatcher.pollIntervalMs);
      } catch (error) {
        const reason = error instanceof RedisUnavailableError ? 'Redis unavailable' : 'PostgreSQL unavailable or dispatching failed';
        if (outage?.reason !== reason) {
          // Once per outage: requests simply accumulate in PostgreSQL meanwhile.
          this.logger('warn', `notification dispatcher: ${reason}; requests wait in PostgreSQL, retrying`, { error: errorText(error) });
          outage = { since: outage?.since ?? Date.now(), reason };
        }
        backoff = nextBackoff(backoff, Math.min(200, this.config.dispatcher.maxBackoffMs), this.config.dispatcher.maxBackoffMs);
        this.sleeper.reset();
        await this.sleeper.sleep(backoff);
      }
    }
  }

  private queuesFor(): Map<Channel, DeliveryQueue> {
    if (this.queues) return this.queues;
    const client = new Redis(redisOptions(this.config, 'producer'));
    // Unhandled, an 'error' event would end the process; ioredis reports every failed reconnect.
    const onError = (error: Error): void => {
      if (!this.redisErrorLogged) {
        this.redisErrorLogged = true;
        this.logger('debug', 'notification dispatcher: Redis connection error', { error: errorText(error) });
      }
    };
    client.on('error', onError);
    const queues = new Map<Channel, DeliveryQueue>();
    for (const channel of CHANNELS) {
      const queue: DeliveryQueue = new Queue<DeliveryJobData, unknown, DeliveryJobName>(queueName(channel), { connection: client, prefix: this.config.queuePrefix });
      queue.on('error', onError);
      queues.set(channel, queue);
    }
    this.redisClient = client;
    this.queues = queues;
    return queues;
  }

  private async redis<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(call(), this.config.redis.commandTimeoutMs, what);
    } catch (error) {
      throw new RedisUnavailableError(`${what}: ${errorText(error)}`, { cause: error });
    }
  }

  /** Redis is reachable (BullMQ waits for the first connection without bound, so this is raced against a timeout). */
  private async redisReady(): Promise<Map<Channel, DeliveryQueue>> {
    const queues = this.queuesFor();
    await this.redis('connecting to Redis', () => Promise.all([...queues.values()].map((q) => q.waitUntilReady())));
    return queues;
  }

  /**
   * Claims a batch (SKIP LOCKED, so instances share the work), adds it to BullMQ and marks it
   * queued, in one transaction: when adding fails the rows stay pending. `stale`: rows queued long
   * ago and still owed; those whose job is lost are added again under the same job id.
   */
  private async enqueueBatch(which: 'pending' | 'stale'): Promise<number> {
    const queues = await this.redisReady();
    return withTransaction(this.pool, async (client) => {
      const { rows } =
        which === 'pending'
          ? await client.query<EnqueueRow>(
              `SELECT id, kind, channel, retry, deliver_at FROM ${this.s}.notification_requests
               WHERE status = 'pending' ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
              [this.config.dispatcher.batchSize],
            )
          : await client.query<EnqueueRow>(
              `SELECT id, kind, channel, retry, deliver_at FROM ${this.s}.notification_requests
               WHERE status = 'queued' AND enqueued_at < now() - $2 * interval '1 millisecond'
               ORDER BY enqueued_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
              [this.config.dispatcher.batchSize, this.config.dispatcher.requeueAfterMs],
            );
      if (rows.length === 0) return 0;
      const now = this.now().getTime();
      for (const channel of CHANNELS) {
        const queue = queues.get(channel);
        const ofChannel = which === 'pending' ? rows.filter((r) => r.channel === channel) : await this.lostJobs(queue, rows.filter((r) => r.channel === channel));
        if (ofChannel.length === 0 || !queue) continue;
        const jobs = ofChannel.map((r) => ({
          name: r.kind,
          data: { id: r.id, channel },
          opts: jobOptions(this.config, channel, jobIdFor(r.id, r.retry), r.deliver_at.getTime() - now),
        }));
        await this.redis(`adding ${jobs.length} job(s) to ${queueName(channel)}`, () => queue.addBulk(jobs));
        if (which === 'stale') this.logger('info', `notification dispatcher: ${jobs.length} queued request(s) had no live job in ${queueName(channel)}; added again`);
      }
      const ids = rows.map((r) => r.id);
      await this.opts.afterEnqueue?.(ids);
      // Guarded: a worker may already have delivered a row (it waited for this transaction's lock).
      await client.query(
        `UPDATE ${this.s}.notification_requests SET status = 'queued', enqueued_at = now() WHERE id = ANY($1::text[]) AND status IN ('pending', 'queued')`,
        [ids],
      );
      return rows.length;
    });
  }

  /**
   * Of rows queued long ago and still owed, those whose job can no longer deliver them: gone
   * (Redis lost its data) or finished (e.g. attempts used up while PostgreSQL was down, so the
   * outcome could not be recorded). A finished job is removed first, or its id would block the add.
   */
  private async lostJobs(queue: DeliveryQueue | undefined, rows: EnqueueRow[]): Promise<EnqueueRow[]> {
    if (!queue) return [];
    const lost: EnqueueRow[] = [];
    for (const row of rows) {
      const jobId = jobIdFor(row.id, row.retry);
      const state = await this.redis(`looking up job ${jobId}`, async () => {
        const job = await queue.getJob(jobId);
        return job ? job.getState() : 'missing';
      });
      if (state === 'completed' || state === 'failed') await this.redis(`removing job ${jobId}`, () => queue.remove(jobId));
      if (state === 'missing' || state === 'completed' || state === 'failed' || state === 'unknown') lost.push(row);
    }
    return lost;
  }

  /** Delayed jobs of cancelled requests leave Redis (a job that runs anyway finds its row cancelled). */
  private async removeCancelledJobs(): Promise<void> {
    const { rows } = await this.pool.query<{ id: string; channel: Channel; retry: number }>(
      `SELECT id, channel, retry FROM ${this.s}.notification_requests WHERE remove_job LIMIT $1`,
      [this.config.dispatcher.batchSize],
    );
    if (rows.length === 0) return;
    const queues = await this.redisReady();
    for (const row of rows) {
      const queue = queues.get(row.channel);
      // 0 when the job is active (locked) or gone: either way nothing more to do here.
      if (queue) await this.redis(`removing job ${row.id}`, () => queue.remove(jobIdFor(row.id, row.retry)));
    }
    await this.pool.query(`UPDATE ${this.s}.notification_requests SET remove_job = false WHERE id = ANY($1::text[])`, [rows.map((r) => r.id)]);
  }

  /** A session LISTENing for new requests and cancellations, re-established after a connection loss. */
  private async listen(): Promise<void> {
    if (this.session && !this.sessionBroken) return;
    await this.releaseSession();
    const session = await this.pool.connect();
    this.sessionBroken = false;
    session.on('error', () => {
      this.sessionBroken = true;
    });
    try {
      await session.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      session.release(true);
      throw error;
    }
    session.on('notification', (n: Notification) => {
      if (n.channel === this.channel) this.sleeper.wake();
    });
    this.session = session;
  }

  private async releaseSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = null;
    session.removeAllListeners('notification');
    if (this.sessionBroken) {
      session.release(true);
      return;
    }
    try {
      await session.query(`UNLISTEN "${this.channel}"`);
      session.removeAllListeners('error');
      session.release();
    } catch {
      session.release(true);
    }
  }
}
