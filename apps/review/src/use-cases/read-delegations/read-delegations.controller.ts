import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { review } from '@budget/contracts';
import { CurrentActor, readQuery, Roles } from '@budget/platform';
import { REVIEWER_ROLES } from '../../reviews/review-scope';
import { ListDelegationsQuery } from './read-delegations.handler';

@Controller()
export class ReadDelegationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('delegations')
  @Roles(...REVIEWER_ROLES, 'admin', 'auditor')
  list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { departmentId } = readQuery(review.delegationsQuery, query, '查询条件有误');
    return this.queries.execute(new ListDelegationsQuery(actor, departmentId));
  }
}
