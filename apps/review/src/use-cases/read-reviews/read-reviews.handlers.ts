import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError, readScopeFilter } from '@budget/domain';
import { TaskDeadlines, type TaskDeadlineView } from '../../deadlines/task-deadline';
import { ReviewScope } from '../../reviews/review-scope';
import { reviewSummary, storedReviewView, type ReviewView } from '../../reviews/review-view';
import { type ReviewListFilter, ReviewsQueries } from '../../reviews/reviews.queries';

type Summaries = { items: (ReturnType<typeof reviewSummary> & { deadline: TaskDeadlineView | null })[] };

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
  constructor(
    private readonly queries: ReviewsQueries,
    private readonly deadlines: TaskDeadlines,
  ) {}

  async execute(q: ListTasksQuery): Promise<Summaries> {
    const views = await this.deadlines.withDeadlines(await this.queries.tasks(q.actor, q.fiscalYear));
    return { items: views.map((v) => ({ ...reviewSummary(v), deadline: v.deadline })) };
  }
}

@QueryHandler(ListReviewsQuery)
export class ListReviewsHandler implements IQueryHandler<ListReviewsQuery> {
  constructor(
    private readonly queries: ReviewsQueries,
    private readonly deadlines: TaskDeadlines,
  ) {}

  async execute(q: ListReviewsQuery): Promise<Summaries> {
    const scope = readScopeFilter(q.actor);
    if (scope === 'none') throw new DomainError('FORBIDDEN', '无权查看审核记录');
    const views = await this.deadlines.withDeadlines(await this.queries.list(scope, q.filter));
    return { items: views.map((v) => ({ ...reviewSummary(v), deadline: v.deadline })) };
  }
}

@QueryHandler(GetReviewQuery)
export class GetReviewHandler implements IQueryHandler<GetReviewQuery> {
  constructor(
    private readonly scope: ReviewScope,
    private readonly deadlines: TaskDeadlines,
  ) {}

  async execute(q: GetReviewQuery): Promise<ReviewView> {
    const [view] = await this.deadlines.withDeadlines([storedReviewView((await this.scope.readable(q.actor, q.reviewId)).state)]);
    return view!;
  }
}
