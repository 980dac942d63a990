import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readQuery, Roles } from '@budget/platform';
import { ReadWebhookDeadLettersQuery, type WebhookDeadLetters } from './read-webhook-dead-letters.handler';

@Controller()
export class ReadWebhookDeadLettersController {
  constructor(private readonly queries: QueryBus) {}

  @Get('webhooks/dead-letters')
  @Roles('admin')
  deadLetters(@Query() query: unknown): Promise<WebhookDeadLetters> {
    const { includeRetried } = readQuery(review.webhookDeadLettersQuery, query);
    return this.queries.execute(new ReadWebhookDeadLettersQuery(includeRetried === true));
  }
}
