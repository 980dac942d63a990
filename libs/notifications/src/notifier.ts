import { withTransaction } from '@budget/event-store';
import { type Pool } from 'pg';
import { type NotificationsConfig } from './config';
import { assertSchemaName, deadlineCancelKey, notificationsChannel } from './ids';
import { audiencesFor, planDeliveries, scopeOf } from './plan';
import {
  type Audience,
  type Channel,
  type DeadlineEscalationNotification,
  type NotificationKind,
  type NotificationRequest,
  type NotificationStatus,
  type Queryable,
  type Recipient,
  type DirectoryAnswers,
  type RecipientDirectory,
  type ReviewLevel,
  type SheetRef,
  type SubscriptionQuery,
  type WebhookSubscription,
} from './types';

/** The two requests a task's deadline stands for: its reminder and its escalation (see `Notifier.scheduleDeadline`). */
export function deadlineRequests(deadline: DeadlineSchedule): NotificationRequest[] {
  const common = { sourceEventId: deadline.sourceEventId, sheet: deadline.sheet, taskId: deadline.taskId, level: deadline.level, dueAt: deadline.dueAt };
  return [
    { kind: 'deadline_reminder', ...common },
    { kind: 'deadline_escalation', ...common, ...(deadline.escalateTo === undefined ? {} : { escalateTo: deadline.escalateTo }) },
  ];
}

export interface RequestResult {
  /** Every delivery the request stands for, whether inserted now or before. */
  readonly ids: readonly string[];
  /** Those this call inserted; empty when the source event was handled before. */
  readonly inserted: readonly string[];
}

export interface DeliveryRecord {
  readonly id: string;
  readonly sourceEventId: string;
  readonly kind: NotificationKind;
  readonly channel: Channel;
  readonly recipient: string;
  readonly address: string | null;
  readonly status: NotificationStatus;
  readonly deliverAt: Date;
  readonly attempts: number;
  readonly retry: number;
  readonly lastError: string | null;
  readonly messageId: string | null;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
}

export interface WebhookDeadLetter {
  readonly id: string;
  readonly notificationId: string;
  readonly retry: number;
  readonly subscriptionId: string;
  readonly url: string;
  readonly kind: NotificationKind;
  readonly sourceEventId: string;
  readonly title: string;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: Date;
  readonly retriedAt: Date | null;
}

export interface DeadlineSchedule {
  readonly sourceEventId: string;
  readonly sheet: SheetRef;
  readonly taskId: string;
  readonly level: ReviewLevel;
  readonly dueAt: string;
  readonly escalateTo?: DeadlineEscalationNotification['escalateTo'];
}

interface DeliveryRow {
  id: string;
  source_event_id: string;
  kind: NotificationKind;
  channel: Channel;
  recipient: string;
  address: string | null;
  status: NotificationStatus;
  deliver_at: Date;
  attempts: number;
  retry: number;
  last_error: string | null;
  message_id: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

interface DeadLetterRow {
  id: string;
  notification_id: string;
  retry: number;
  subscription_id: string;
  url: string;
  kind: NotificationKind;
  source_event_id: string;
  title: string;
  attempts: number;
  error: string;
  failed_at: Date;
  retried_at: Date | null;
}

/**
 * The write side: records what must be delivered, in the caller's transaction, so the request
 * commits (or rolls back) with the effect of the event it derives from. Sends nothing itself: the
 * NotificationDispatcher takes committed requests to BullMQ.
 */
export class Notifier {
  private readonly s: string;
  private readonly channel: string;
  private readonly now: () => Date;

  constructor(
    private readonly pool: Pool,
    private readonly directory: RecipientDirectory,
    private readonly config: Pick<NotificationsConfig, 'schema' | 'reminderLeadMs'>,
    opts: { readonly now?: () => Date } = {},
  ) {
    this.s = `"${assertSchemaName(config.schema)}"`;
    this.channel = notificationsChannel(config.schema);
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Resolves the recipients and inserts one row per channel and recipient, with ids derived from
   * the source event; a request made again (a redelivered or replayed event) inserts nothing.
   */
  request(tx: Queryable, notification: NotificationRequest): Promise<RequestResult> {
    return this.requestAll(tx, [notification]);
  }

  /**
   * Several requests as `request` makes each, in two statements whatever their number: the
   * directory asked once for all their audiences and subscriptions (when it can answer at once),
   * and one insert of every delivery planned.
   */
  async requestAll(tx: Queryable, notifications: readonly NotificationRequest[]): Promise<RequestResult> {
    if (notifications.length === 0) return { ids: [], inserted: [] };
    const audiences = notifications.map((n) => audiencesFor(n));
    const answers = await this.resolve(
      tx,
      audiences.flat(),
      notifications.map((n) => ({ scope: scopeOf(n), kind: n.kind })),
    );
    const now = this.now();
    let asked = 0;
    const planned = notifications.flatMap((notification, i) => {
      const recipients = new Map<string, Recipient>();
      for (let a = 0; a < audiences[i]!.length; a++) for (const person of answers.recipients[asked++]!) recipients.set(person.userId, person);
      return planDeliveries(notification, { recipients: [...recipients.values()], subscriptions: answers.subscriptions[i]! }, now, this.config.reminderLeadMs);
    });
    if (planned.length === 0) return { ids: [], inserted: [] };
    const rows = planned.map((p) => ({
      id: p.id,
      source_event_id: p.sourceEventId,
      kind: p.kind,
      channel: p.channel,
      recipient: p.recipient,
      address: p.address,
      content: p.content,
      cancel_key: p.cancelKey,
      deliver_at: p.deliverAt.toISOString(),
    }));
    const { rows: inserted } = await tx.query<{ id: string }>(
      `INSERT INTO ${this.s}.notification_requests (id, source_event_id, kind, channel, recipient, address, content, cancel_key, deliver_at)
       SELECT id, source_event_id, kind, channel, recipient, address, content, cancel_key, deliver_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, source_event_id text, kind text, channel text, recipient text, address text,
         content jsonb, cancel_key text, deliver_at timestamptz)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [JSON.stringify(rows)],
    );
    return { ids: planned.map((p) => p.id), inserted: inserted.map((r) => r.id) };
  }

  /** The directory's answers, in one statement when it can give them so. */
  private async resolve(tx: Queryable, audiences: readonly Audience[], subscriptions: readonly SubscriptionQuery[]): Promise<DirectoryAnswers> {
    if (this.directory.lookup) return this.directory.lookup(audiences, subscriptions, tx);
    const recipients: (readonly Recipient[])[] = [];
    for (const audience of audiences) recipients.push(await this.directory.recipients(audience, tx));
    const found: (readonly WebhookSubscription[])[] = [];
    for (const { scope, kind } of subscriptions) found.push(await this.directory.webhookSubscriptions(scope, kind, tx));
    return { recipients, subscriptions: found };
  }

  /** A task's reminder (before `dueAt`) and escalation (at `dueAt`), both cancelled by `cancel(tx, deadlineCancelKey(taskId))`. */
  async scheduleDeadline(tx: Queryable, deadline: DeadlineSchedule): Promise<RequestResult> {
    return this.requestAll(tx, deadlineRequests(deadline));
  }

  /**
   * Cancels the undelivered requests with this key, in the caller's transaction (a decision
   * cancels its task's deadline reminders). Their delayed jobs are removed by the dispatcher after
   * the commit; one that runs anyway finds its row cancelled and sends nothing.
   */
  async cancel(tx: Queryable, key: string): Promise<number> {
    const { rows } = await tx.query(
      `UPDATE ${this.s}.notification_requests
       SET remove_job = (status = 'queued'), status = 'cancelled', cancelled_at = now()
       WHERE cancel_key = $1 AND status IN ('pending', 'queued')
       RETURNING id`,
      [key],
    );
    const cancelled = rows.length;
    if (cancelled > 0) await tx.query(`SELECT pg_notify($1, '')`, [this.channel]);
    return cancelled;
  }

  /** The deadline reminders of a task: shorthand for `cancel(tx, deadlineCancelKey(taskId))`. */
  cancelDeadline(tx: Queryable, taskId: string): Promise<number> {
    return this.cancel(tx, deadlineCancelKey(taskId));
  }

  /** Every delivery derived from one source event, for support and tests. */
  async deliveriesOf(sourceEventId: string): Promise<DeliveryRecord[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT id, source_event_id, kind, channel, recipient, address, status, deliver_at, attempts, retry, last_error, message_id, created_at, delivered_at
       FROM ${this.s}.notification_requests WHERE source_event_id = $1 ORDER BY kind, channel, recipient`,
      [sourceEventId],
    );
    return rows.map((r) => ({
      id: r.id,
      sourceEventId: r.source_event_id,
      kind: r.kind,
      channel: r.channel,
      recipient: r.recipient,
      address: r.address,
      status: r.status,
      deliverAt: r.deliver_at,
      attempts: r.attempts,
      retry: r.retry,
      lastError: r.last_error,
      messageId: r.message_id,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
    }));
  }

  /** Webhook deliveries that used up their attempts, newest first; retried ones only when asked for. */
  async listWebhookDeadLetters(opts: { readonly includeRetried?: boolean; readonly limit?: number } = {}): Promise<WebhookDeadLetter[]> {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT d.id::text AS id, d.notification_id, d.retry, d.subscription_id, d.url, d.kind, r.source_event_id, r.content->>'title' AS title,
         d.attempts, d.error, d.failed_at, d.retried_at
       FROM ${this.s}.notification_webhook_dead_letters d JOIN ${this.s}.notification_requests r ON r.id = d.notification_id
       WHERE $1 OR d.retried_at IS NULL
       ORDER BY d.id DESC LIMIT $2`,
      [opts.includeRetried ?? false, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      notificationId: r.notification_id,
      retry: r.retry,
      subscriptionId: r.subscription_id,
      url: r.url,
      kind: r.kind,
      sourceEventId: r.source_event_id,
      title: r.title,
      attempts: r.attempts,
      error: r.error,
      failedAt: r.failed_at,
      retriedAt: r.retried_at,
    }));
  }

  /**
   * Sends a dead-lettered webhook again with a fresh round of attempts (a new job generation, the
   * same delivery id). False when the dead letter does not exist or was retried already.
   */
  async retryWebhookDeadLetter(id: string): Promise<boolean> {
    if (!/^[0-9]{1,18}$/.test(id)) return false;
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ notification_id: string }>(
        `UPDATE ${this.s}.notification_webhook_dead_letters SET retried_at = now() WHERE id = $1 AND retried_at IS NULL RETURNING notification_id`,
        [id],
      );
      const notificationId = rows[0]?.notification_id;
      if (notificationId === undefined) return false;
      await client.query(
        `UPDATE ${this.s}.notification_requests
         SET status = 'pending', retry = retry + 1, attempts = 0, lease_until = NULL, last_error = NULL, enqueued_at = NULL
         WHERE id = $1 AND status = 'dead'`,
        [notificationId],
      );
      await client.query(`SELECT pg_notify($1, '')`, [this.channel]);
      return true;
    });
  }
}
