import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError, readScopeFilter } from '@budget/domain';
import { ReviewScope } from '../../reviews/review-scope';
import { reviewSummary, storedReviewView, type ReviewView } from '../../reviews/review-view';
import { type ReviewListFilter, ReviewsQueries } from '../../reviews/reviews.queries';

type Summaries = { items: ReturnType<typeof reviewSummary>[] };

/** The reviews waiting for the actor's level, in their organisation, soonest due first. */
export class ListTasksQuery extends Query<Summaries> {
  constructor(
    readonly actor: Actor,
    readonly fiscalYear: number | undefined,
  ) {
    super();
  }
}

/** The reviews the actor may read, filtered. */
export class ListReviewsQuery extends Query<Summaries> {
  constructor(
    readonly actor: Actor,
    readonly filter: ReviewListFilter,
  ) {
    super();
  }
}

/** One review, as reviewers see it. */
export class GetReviewQuery extends Query<ReviewView> {
  constructor(
    readonly actor: Actor,
    readonly reviewId: string,
  ) {
    super();
  }
}

@QueryHandler(ListTasksQuery)
export class ListTasksHandler implements IQueryHandler<ListTasksQuery> {
  constructor(private readonly queries: ReviewsQueries) {}

  async execute(q: ListTasksQuery): Promise<Summaries> {
    return { items: (await this.queries.tasks(q.actor, q.fiscalYear)).map(reviewSummary) };
  }
}

@QueryHandler(ListReviewsQuery)
export class ListReviewsHandler implements IQueryHandler<ListReviewsQuery> {
  constructor(private readonly queries: ReviewsQueries) {}

  async execute(q: ListReviewsQuery): Promise<Summaries> {
    const scope = readScopeFilter(q.actor);
    if (scope === 'none') throw new DomainError('FORBIDDEN', '无权查看审核记录');
    return { items: (await this.queries.list(scope, q.filter)).map(reviewSummary) };
  }
}

@QueryHandler(GetReviewQuery)
export class GetReviewHandler implements IQueryHandler<GetReviewQuery> {
  constructor(private readonly scope: ReviewScope) {}

  async execute(q: GetReviewQuery): Promise<ReviewView> {
    return storedReviewView((await this.scope.readable(q.actor, q.reviewId)).state);
  }
}
