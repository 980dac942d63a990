import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type DeliveryRecord } from '@budget/notifications';
import { type Deliveries } from '../../notifications/notification-ports';
import { NOTIFIER } from '../../notifications/review-notifications';

export interface NotificationDeliveries {
  readonly items: DeliveryRecord[];
}

/** Every delivery derived from one event: for support and for tests of exactly-once delivery. */
export class ReadNotificationsQuery extends Query<NotificationDeliveries> {
  constructor(readonly sourceEventId: string) {
    super();
  }
}

@QueryHandler(ReadNotificationsQuery)
export class ReadNotificationsHandler implements IQueryHandler<ReadNotificationsQuery> {
  constructor(@Inject(NOTIFIER) private readonly deliveries: Deliveries) {}

  async execute(q: ReadNotificationsQuery): Promise<NotificationDeliveries> {
    return { items: await this.deliveries.deliveriesOf(q.sourceEventId) };
  }
}
