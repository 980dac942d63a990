import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readQuery, Roles } from '@budget/platform';
import { type NotificationDeliveries, ReadNotificationsQuery } from './read-notifications.handler';

@Controller()
export class ReadNotificationsController {
  constructor(private readonly queries: QueryBus) {}

  /** Every delivery derived from one event: for support and for tests of exactly-once delivery. */
  @Get('notifications')
  @Roles('admin', 'auditor')
  deliveries(@Query() query: unknown): Promise<NotificationDeliveries> {
    const { sourceEventId } = readQuery(review.deliveriesQuery, query, '请提供 sourceEventId');
    return this.queries.execute(new ReadNotificationsQuery(sourceEventId));
  }
}
