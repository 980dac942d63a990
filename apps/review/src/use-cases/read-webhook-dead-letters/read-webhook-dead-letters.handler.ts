import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { redactUrl, type WebhookDeadLetter } from '@budget/notifications';
import { type Deliveries } from '../../notifications/notification-ports';
import { NOTIFIER } from '../../notifications/review-notifications';

export interface WebhookDeadLetters {
  readonly items: WebhookDeadLetter[];
}

/** The webhook deliveries that gave up, for an admin to retry (those already retried too with `includeRetried`); the URLs without credentials. */
export class ReadWebhookDeadLettersQuery extends Query<WebhookDeadLetters> {
  constructor(readonly includeRetried: boolean) {
    super();
  }
}

@QueryHandler(ReadWebhookDeadLettersQuery)
export class ReadWebhookDeadLettersHandler implements IQueryHandler<ReadWebhookDeadLettersQuery> {
  constructor(@Inject(NOTIFIER) private readonly deliveries: Deliveries) {}

  async execute(q: ReadWebhookDeadLettersQuery): Promise<WebhookDeadLetters> {
    const items = await this.deliveries.listWebhookDeadLetters({ includeRetried: q.includeRetried });
    return { items: items.map((d) => ({ ...d, url: redactUrl(d.url) })) };
  }
}
