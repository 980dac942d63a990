import {
  type ContactInput,
  type DeliveryRecord,
  type InboxItem,
  type InboxPage,
  InMemoryRecipientDirectory,
  type ListInboxOptions,
  type WebhookDeadLetter,
  type WebhookSubscriptionInput,
} from '@budget/notifications';
import type { Deliveries, Inbox, NotificationDirectory } from '../notifications/notification-ports';

/** notification_inbox in memory: each user's items, newest first, keyset-paged by id like NotificationInbox. */
export class InMemoryInbox implements Inbox {
  private readonly items: { userId: string; item: InboxItem }[] = [];

  /** Given: an item delivered to `userId` (ids and times in the order given: the last is the newest). */
  deliver(userId: string, id: string, title = `通知 ${id}`): void {
    const createdAt = new Date(Date.UTC(2026, 0, 1, 0, this.items.length));
    this.items.push({ userId, item: { id, kind: 'task_waiting', title, body: '', data: {}, createdAt, readAt: null } });
  }

  private of(userId: string): InboxItem[] {
    return this.items.filter((i) => i.userId === userId).map((i) => i.item).reverse();
  }

  listInbox(userId: string, opts: ListInboxOptions = {}): Promise<InboxPage> {
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 200);
    let mine = this.of(userId).filter((i) => !opts.unreadOnly || i.readAt === null);
    if (opts.before !== undefined) {
      const at = mine.findIndex((i) => i.id === opts.before);
      mine = at < 0 ? [] : mine.slice(at + 1);
    }
    const items = mine.slice(0, limit);
    return Promise.resolve({ items, nextBefore: mine.length > limit ? items[items.length - 1]!.id : null });
  }

  markRead(userId: string, ids: readonly string[]): Promise<number> {
    return Promise.resolve(this.mark(userId, (i) => ids.includes(i.id)));
  }

  markAllRead(userId: string): Promise<number> {
    return Promise.resolve(this.mark(userId, () => true));
  }

  unreadCount(userId: string): Promise<number> {
    return Promise.resolve(this.of(userId).filter((i) => i.readAt === null).length);
  }

  private mark(userId: string, which: (item: InboxItem) => boolean): number {
    let marked = 0;
    for (const entry of this.items) {
      if (entry.userId !== userId || entry.item.readAt !== null || !which(entry.item)) continue;
      entry.item = { ...entry.item, readAt: new Date() };
      marked += 1;
    }
    return marked;
  }
}

/**
 * The admin's side of the directory over the library's InMemoryRecipientDirectory: a registered
 * contact becomes a recipient, a registered webhook a subscription (what the notifications then address).
 */
export class InMemoryNotificationDirectory implements NotificationDirectory {
  readonly registered: { contacts: ContactInput[]; webhooks: WebhookSubscriptionInput[] } = { contacts: [], webhooks: [] };

  constructor(readonly directory = new InMemoryRecipientDirectory()) {}

  upsertContact(contact: ContactInput): Promise<void> {
    this.registered.contacts.push(contact);
    const { active: _active, emailEnabled: _emailEnabled, ...recipient } = contact;
    this.directory.upsertUser(recipient);
    return Promise.resolve();
  }

  upsertWebhookSubscription(subscription: WebhookSubscriptionInput): Promise<void> {
    this.registered.webhooks.push(subscription);
    const { description: _description, kinds, active, ...rest } = subscription;
    this.directory.upsertWebhookSubscription({ ...rest, kinds: kinds ?? [], active: active ?? true });
    return Promise.resolve();
  }
}

/** The notification pipeline's deliveries and webhook dead letters in memory. */
export class InMemoryDeliveries implements Deliveries {
  constructor(
    readonly deliveries: DeliveryRecord[] = [],
    readonly deadLetters: WebhookDeadLetter[] = [],
  ) {}

  deliveriesOf(sourceEventId: string): Promise<DeliveryRecord[]> {
    return Promise.resolve(this.deliveries.filter((d) => d.sourceEventId === sourceEventId));
  }

  listWebhookDeadLetters(opts: { readonly includeRetried?: boolean } = {}): Promise<WebhookDeadLetter[]> {
    return Promise.resolve(this.deadLetters.filter((d) => opts.includeRetried === true || d.retriedAt === null).reverse());
  }

  retryWebhookDeadLetter(id: string): Promise<boolean> {
    const at = this.deadLetters.findIndex((d) => d.id === id && d.retriedAt === null);
    if (at < 0) return Promise.resolve(false);
    this.deadLetters[at] = { ...this.deadLetters[at]!, retriedAt: new Date() };
    return Promise.resolve(true);
  }
}

/** A webhook delivery that used up its attempts. */
export function deadLetter(id: string, url = 'https://hooks.example.org/budget'): WebhookDeadLetter {
  return {
    id,
    notificationId: `n-${id}`,
    retry: 0,
    subscriptionId: 'hook-1',
    url,
    kind: 'final_decision',
    sourceEventId: `evt-${id}`,
    title: '预算表已批复',
    attempts: 3,
    error: 'HTTP 500',
    failedAt: new Date('2026-01-01T00:00:00Z'),
    retriedAt: null,
  };
}

/** A delivery derived from `sourceEventId`. */
export function delivery(id: string, sourceEventId: string, channel: DeliveryRecord['channel'] = 'inbox'): DeliveryRecord {
  return {
    id,
    sourceEventId,
    kind: 'task_waiting',
    channel,
    recipient: 'reader-1',
    address: null,
    status: 'delivered',
    deliverAt: new Date('2026-01-01T00:00:00Z'),
    attempts: 1,
    retry: 0,
    lastError: null,
    messageId: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    deliveredAt: new Date('2026-01-01T00:00:01Z'),
  };
}
