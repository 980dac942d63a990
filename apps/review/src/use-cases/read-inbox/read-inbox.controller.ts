import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readQuery } from '@budget/platform';
import { type InboxAnswer, ReadInboxQuery } from './read-inbox.handler';

@Controller()
export class ReadInboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get('inbox')
  list(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<InboxAnswer> {
    const paging = readQuery(review.inboxQuery, query, (errors) => (errors.length === 1 ? errors[0]!.message : '查询条件有误'));
    return this.queries.execute(new ReadInboxQuery(actor, paging));
  }
}
