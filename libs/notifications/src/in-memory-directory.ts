import { recipientMatches, subscriptionMatches } from './plan';
import { type Audience, type NotificationKind, type Recipient, type RecipientDirectory, type WebhookSubscription } from './types';

/** A RecipientDirectory over arrays, for unit tests and demos. */
export class InMemoryRecipientDirectory implements RecipientDirectory {
  private readonly users = new Map<string, Recipient>();
  private readonly subscriptions = new Map<string, WebhookSubscription>();

  constructor(init: { readonly users?: readonly Recipient[]; readonly subscriptions?: readonly WebhookSubscription[] } = {}) {
    for (const user of init.users ?? []) this.users.set(user.userId, user);
    for (const subscription of init.subscriptions ?? []) this.subscriptions.set(subscription.id, subscription);
  }

  upsertUser(user: Recipient): void {
    this.users.set(user.userId, user);
  }

  upsertWebhookSubscription(subscription: WebhookSubscription): void {
    this.subscriptions.set(subscription.id, subscription);
  }

  recipients(audience: Audience): Promise<readonly Recipient[]> {
    return Promise.resolve([...this.users.values()].filter((u) => recipientMatches(audience, u)).sort((a, b) => a.userId.localeCompare(b.userId)));
  }

  webhookSubscriptions(scope: { readonly departmentId: string; readonly unitId: string }, kind: NotificationKind): Promise<readonly WebhookSubscription[]> {
    return Promise.resolve([...this.subscriptions.values()].filter((s) => s.active && subscriptionMatches(s, scope, kind)).sort((a, b) => a.id.localeCompare(b.id)));
  }

  webhookSubscription(id: string): Promise<WebhookSubscription | undefined> {
    return Promise.resolve(this.subscriptions.get(id));
  }
}
