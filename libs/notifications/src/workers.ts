import { type Job, Worker } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import { withTransaction } from '@budget/event-store';
import { type Pool } from 'pg';
import { isFinalAttempt, withTimeout } from './backoff';
import { type NotificationsConfig } from './config';
import { assertSchemaName } from './ids';
import { type NotificationsLogger, consoleLogger, errorText } from './logger';
import { type DeliveryJobData, type DeliveryJobName, queueName, redisOptions } from './queues';
import { emailText, webhookPayload } from './render';
import { webhookHeaders } from './signing';
import { checkWebhookTarget, type Lookup, redactUrl, WebhookTargetRefusedError } from './webhook-target';
import { CHANNELS, type Channel, type NotificationContent, type NotificationKind, type RecipientDirectory } from './types';

export interface NotificationWorkersOptions {
  readonly logger?: NotificationsLogger;
  /** Which channels this process works (default: all). */
  readonly channels?: readonly Channel[];
  /** Injected for tests of odd receivers; Node's global fetch otherwise. */
  readonly fetch?: typeof fetch;
  /** Injected for tests of the target checks; the system resolver otherwise. */
  readonly lookup?: Lookup;
  readonly now?: () => Date;
}

/** What a processor reports; BullMQ keeps it as the job's return value. */
export type DeliveryOutcome = { readonly outcome: 'delivered'; readonly detail?: string } | { readonly outcome: 'skipped'; readonly reason: string };

interface ClaimedRow {
  id: string;
  source_event_id: string;
  kind: NotificationKind;
  recipient: string;
  address: string | null;
  content: NotificationContent;
  retry: number;
  attempts: number;
  created_at: Date;
}

/** Another worker is delivering the same row right now (a stalled job recovered, a re-added job). */
class DeliveryInProgressError extends Error {
  override readonly name = 'DeliveryInProgressError';
}

/** A status line's reason phrase, printable ASCII, at most 60 characters. */
function shortReason(statusText: string): string {
  const reason = statusText.replace(/[^\x20-\x7e]/g, '').trim().slice(0, 60);
  return reason ? ` ${reason}` : '';
}

class DeliveryFailedError extends Error {
  override readonly name = 'DeliveryFailedError';
}

const DELIVERABLE = `('pending', 'queued')`;

/**
 * The BullMQ workers of the three channels. Each job names a row of notification_requests, and
 * the row decides: only a pending or queued row is delivered, and delivering marks it, so a job
 * that runs twice (a re-added id, a replayed request, a stalled job) sends once. The inbox insert
 * and its mark share a transaction: exactly once. A webhook or an e-mail can only be sent again if
 * the process dies between sending and marking; the receiver then sees the same
 * `X-Budget-Delivery` / Message-ID and can drop it.
 */
export class NotificationWorkers {
  private readonly s: string;
  private readonly logger: NotificationsLogger;
  private readonly fetch: typeof fetch;
  private readonly lookup: Lookup | undefined;
  private readonly now: () => Date;
  private readonly workers: Worker<DeliveryJobData, DeliveryOutcome, DeliveryJobName>[] = [];
  private mailer: Transporter | null = null;
  private lastRedisWarning = 0;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: Pool,
    private readonly directory: RecipientDirectory,
    private readonly config: NotificationsConfig,
    private readonly opts: NotificationWorkersOptions = {},
  ) {
    this.s = `"${assertSchemaName(config.schema)}"`;
    this.logger = opts.logger ?? consoleLogger;
    this.fetch = opts.fetch ?? fetch;
    this.lookup = opts.lookup;
    this.now = opts.now ?? (() => new Date());
  }

  /** Starts the workers; they connect to Redis in the background and wait for it while it is away. */
  start(): void {
    if (this.workers.length > 0) return;
    for (const channel of this.opts.channels ?? CHANNELS) {
      const concurrency = channel === 'inbox' ? this.config.inbox.concurrency : channel === 'webhook' ? this.config.webhook.concurrency : this.config.email.concurrency;
      const worker = new Worker<DeliveryJobData, DeliveryOutcome, DeliveryJobName>(queueName(channel), (job) => this.track(this.process(channel, job)), {
        connection: redisOptions(this.config, 'worker'),
        prefix: this.config.queuePrefix,
        concurrency,
        // Poll less often than the default 5 s long poll would on an idle queue, so close() is quick.
        drainDelay: 2,
      });
      worker.on('error', (error: Error) => this.warnRedis(channel, error));
      worker.on('failed', (job, error) => {
        if (job) this.logger('debug', `notification ${job.data.id} (${channel}) attempt ${job.attemptsMade} failed`, { error: errorText(error) });
      });
      this.workers.push(worker);
    }
  }

  /**
   * Lets the deliveries under way finish (each is bounded by its channel's timeout), then closes
   * the workers by force: BullMQ's graceful close waits for Redis and never returns while Redis is
   * away. A job fetched in between and cut off is found stalled later and runs again; its row
   * decides whether anything is still owed.
   */
  async stop(): Promise<void> {
    const workers = this.workers.splice(0);
    await this.settle();
    await Promise.all(workers.map((w) => withTimeout(w.close(true), 5_000, 'closing a worker').catch(() => undefined)));
    await this.settle();
    this.mailer?.close();
    this.mailer = null;
  }

  private track<T>(delivery: Promise<T>): Promise<T> {
    this.inFlight.add(delivery);
    const forget = (): void => {
      this.inFlight.delete(delivery);
    };
    delivery.then(forget, forget);
    return delivery;
  }

  private async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** The processor of every channel; exported through the class for tests that drive a job by hand. */
  async process(channel: Channel, job: Pick<Job<DeliveryJobData>, 'data' | 'attemptsMade' | 'opts'>): Promise<DeliveryOutcome> {
    switch (channel) {
      case 'inbox':
        return this.deliverToInbox(job.data.id);
      case 'webhook':
        return this.deliverExternally(job, (row) => this.postWebhook(row));
      case 'email':
        return this.deliverExternally(job, (row) => this.sendEmail(row));
    }
  }

  /** Insert and mark in one transaction, the row locked: a second run finds it delivered. */
  private async deliverToInbox(id: string): Promise<DeliveryOutcome> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ status: string; kind: string; recipient: string; content: NotificationContent }>(
        `SELECT status, kind, recipient, content FROM ${this.s}.notification_requests WHERE id = $1 AND channel = 'inbox' FOR UPDATE`,
        [id],
      );
      const row = rows[0];
      if (!row || (row.status !== 'pending' && row.status !== 'queued')) return { outcome: 'skipped', reason: row ? row.status : 'unknown delivery' };
      await client.query(
        `INSERT INTO ${this.s}.notification_inbox (id, user_id, kind, title, body, data) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [id, row.recipient, row.kind, row.content.title, row.content.body, JSON.stringify(row.content.data)],
      );
      await client.query(
        `UPDATE ${this.s}.notification_requests SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`,
        [id],
      );
      return { outcome: 'delivered' };
    });
  }

  /**
   * Claim (a lease, so two runs never send at once), send, mark. A failure is recorded on the row;
   * the last one makes a webhook a dead letter and an e-mail failed.
   */
  private async deliverExternally(
    job: Pick<Job<DeliveryJobData>, 'data' | 'attemptsMade' | 'opts'>,
    send: (row: ClaimedRow) => Promise<{ messageId?: string; result: Record<string, unknown> } | 'cancelled'>,
  ): Promise<DeliveryOutcome> {
    const { id, channel } = job.data;
    const leaseMs = (channel === 'webhook' ? this.config.webhook.timeoutMs : this.config.smtp.timeoutMs) + 30_000;
    const { rows } = await this.pool.query<ClaimedRow>(
      `UPDATE ${this.s}.notification_requests SET attempts = attempts + 1, lease_until = now() + $3 * interval '1 millisecond'
       WHERE id = $1 AND channel = $2 AND status IN ${DELIVERABLE} AND (lease_until IS NULL OR lease_until < now())
       RETURNING id, source_event_id, kind, recipient, address, content, retry, attempts, created_at`,
      [id, channel, leaseMs],
    );
    const row = rows[0];
    if (!row) {
      const { rows: current } = await this.pool.query<{ status: string }>(`SELECT status FROM ${this.s}.notification_requests WHERE id = $1`, [id]);
      const status = current[0]?.status;
      if (status === 'pending' || status === 'queued') throw new DeliveryInProgressError(`delivery ${id} is being sent by another worker`);
      return { outcome: 'skipped', reason: status ?? 'unknown delivery' };
    }
    let sent: Awaited<ReturnType<typeof send>>;
    try {
      sent = await send(row);
    } catch (error) {
      await this.recordFailure(row, channel, job, error);
      throw error;
    }
    if (sent === 'cancelled') return { outcome: 'skipped', reason: 'cancelled' };
    await this.pool.query(
      `UPDATE ${this.s}.notification_requests
       SET status = 'delivered', delivered_at = now(), lease_until = NULL, last_error = NULL, message_id = $2, result = $3
       WHERE id = $1 AND status IN ${DELIVERABLE}`,
      [id, sent.messageId ?? null, JSON.stringify(sent.result)],
    );
    return { outcome: 'delivered', ...(sent.messageId ? { detail: sent.messageId } : {}) };
  }

  private async recordFailure(row: ClaimedRow, channel: Channel, job: Pick<Job<DeliveryJobData>, 'attemptsMade' | 'opts'>, error: unknown): Promise<void> {
    const message = errorText(error).slice(0, 2000);
    // A refused target stays refused: dead-lettered at once rather than retried for minutes.
    if (!(error instanceof WebhookTargetRefusedError) && !isFinalAttempt(job.attemptsMade, job.opts.attempts)) {
      await this.pool.query(`UPDATE ${this.s}.notification_requests SET last_error = $2, lease_until = NULL WHERE id = $1`, [row.id, message]);
      return;
    }
    if (channel !== 'webhook') {
      this.logger('warn', `notification ${row.id} (${channel}) failed after ${job.attemptsMade + 1} attempt(s)`, { error: message });
      await this.pool.query(`UPDATE ${this.s}.notification_requests SET status = 'failed', last_error = $2, lease_until = NULL WHERE id = $1 AND status IN ${DELIVERABLE}`, [
        row.id,
        message,
      ]);
      return;
    }
    this.logger('warn', `webhook delivery ${row.id} dead-lettered after ${job.attemptsMade + 1} attempt(s)`, { error: message, url: row.address === null ? null : redactUrl(row.address) });
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO ${this.s}.notification_webhook_dead_letters (notification_id, retry, subscription_id, url, kind, attempts, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (notification_id, retry) DO NOTHING`,
        [row.id, row.retry, row.recipient, row.address ?? '', row.kind, job.attemptsMade + 1, message],
      );
      await client.query(`UPDATE ${this.s}.notification_requests SET status = 'dead', last_error = $2, lease_until = NULL WHERE id = $1 AND status IN ${DELIVERABLE}`, [
        row.id,
        message,
      ]);
    });
  }

  private async postWebhook(row: ClaimedRow): Promise<{ result: Record<string, unknown> } | 'cancelled'> {
    const subscription = await this.directory.webhookSubscription(row.recipient);
    if (!subscription?.active) {
      await this.pool.query(
        `UPDATE ${this.s}.notification_requests SET status = 'cancelled', cancelled_at = now(), lease_until = NULL, last_error = $2 WHERE id = $1 AND status IN ${DELIVERABLE}`,
        [row.id, subscription ? 'subscription deactivated' : 'subscription deleted'],
      );
      return 'cancelled';
    }
    // Checked again at each delivery: a host name may have been pointed inside since it was registered.
    await checkWebhookTarget(subscription.url, this.config.webhook, this.lookup);
    const sentAt = this.now();
    const body = JSON.stringify(
      webhookPayload({ id: row.id, kind: row.kind, sourceEventId: row.source_event_id, createdAt: row.created_at, content: row.content, sentAt }),
    );
    const response = await this.fetch(subscription.url, {
      method: 'POST',
      body,
      headers: webhookHeaders(body, subscription.secret, { id: row.id, kind: row.kind, sentAt }),
      // A redirect would re-send the signed body somewhere the subscription did not name.
      redirect: 'manual',
      signal: AbortSignal.timeout(this.config.webhook.timeoutMs),
    });
    // The reply's body is never read, kept or shown: a receiver inside someone's network could
    // otherwise be read back through the dead letters. The status and a short reason say enough.
    await response.body?.cancel().catch(() => undefined);
    const url = redactUrl(subscription.url);
    if (response.status < 200 || response.status >= 300) throw new DeliveryFailedError(`webhook ${url} answered HTTP ${response.status}${shortReason(response.statusText)}`);
    return { result: { httpStatus: response.status, url } };
  }

  private async sendEmail(row: ClaimedRow): Promise<{ messageId: string; result: Record<string, unknown> } | 'cancelled'> {
    if (!row.address) {
      await this.pool.query(`UPDATE ${this.s}.notification_requests SET status = 'cancelled', cancelled_at = now(), lease_until = NULL, last_error = 'no address' WHERE id = $1 AND status IN ${DELIVERABLE}`, [row.id]);
      return 'cancelled';
    }
    const info = (await this.transporter().sendMail({
      from: this.config.smtp.from,
      to: row.address,
      subject: row.content.title,
      text: emailText(row.content),
      // The same Message-ID on every attempt lets mail systems drop a duplicate.
      messageId: `<${row.id}@notifications.budget>`,
      headers: { 'X-Budget-Delivery': row.id, 'X-Budget-Kind': row.kind },
    })) as { messageId?: string; response?: string; accepted?: unknown[]; rejected?: unknown[] };
    if ((info.accepted ?? []).length === 0) throw new DeliveryFailedError(`SMTP server accepted no recipient: ${info.response ?? ''}`);
    return { messageId: info.messageId ?? `<${row.id}@notifications.budget>`, result: { response: info.response ?? null, accepted: info.accepted ?? [] } };
  }

  private transporter(): Transporter {
    if (this.mailer) return this.mailer;
    const { host, port, secure, user, password, timeoutMs } = this.config.smtp;
    this.mailer = nodemailer.createTransport({
      host,
      port,
      secure,
      ...(user === undefined ? {} : { auth: { user, pass: password ?? '' } }),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    return this.mailer;
  }

  /** ioredis reports every failed reconnect; one line per half minute is enough. */
  private warnRedis(channel: Channel, error: Error): void {
    const now = Date.now();
    if (now - this.lastRedisWarning < 30_000) return;
    this.lastRedisWarning = now;
    this.logger('warn', `notification workers: Redis error on ${queueName(channel)}; jobs wait until it is back`, { error: errorText(error) });
  }
}
