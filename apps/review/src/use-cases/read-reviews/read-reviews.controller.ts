import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { review } from '@budget/contracts';
import { CurrentActor, readQuery, Roles } from '@budget/platform';
import { REVIEWER_ROLES } from '../../reviews/review-scope';
import { type ReviewView } from '../../reviews/review-view';
import { GetReviewQuery, ListReviewsQuery, ListTasksQuery } from './read-reviews.handlers';

/** What reviewers read: their tasks, the reviews in their scope, one review. */
@Controller()
export class ReadReviewsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('tasks')
  @Roles(...REVIEWER_ROLES, 'admin')
  tasks(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { fiscalYear } = readQuery(review.tasksQuery, query, '查询条件有误');
    return this.queries.execute(new ListTasksQuery(actor, fiscalYear));
  }

  @Get('reviews')
  list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const filter = readQuery(review.listReviewsQuery, query, (errors) => (errors.length === 1 ? errors[0]!.message : '查询条件有误'));
    return this.queries.execute(new ListReviewsQuery(actor, filter));
  }

  @Get('reviews/:reviewId')
  one(@CurrentActor() actor: Actor, @Param('reviewId') reviewId: string): Promise<ReviewView> {
    return this.queries.execute(new GetReviewQuery(actor, reviewId));
  }
}
