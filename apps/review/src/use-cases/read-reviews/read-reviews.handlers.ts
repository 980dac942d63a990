import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ACTING_FOR_LABEL, type Actor, asActor, delegationsInForce, DomainError, readScopeFilter } from '@budget/domain';
import { TaskDeadlines, type TaskDeadlineView } from '../../deadlines/task-deadline';
import { DelegationsReadModel } from '../../delegations/delegations.read-model';
import { ReviewScope } from '../../reviews/review-scope';
import { reviewSummary, storedReviewView, type ReviewView } from '../../reviews/review-view';
import { type ReviewListFilter, ReviewsQueries } from '../../reviews/reviews.queries';

type Summaries = { items: (ReturnType<typeof reviewSummary> & { deadline: TaskDeadlineView | null })[] };

/** A task a delegate sees because it is also the task of someone they stand in for (代理审批); `label` is “代X审核”. */
export interface TaskActingFor {
  readonly delegatorId: string;
  readonly delegatorName: string | null;
  readonly delegationId: string;
  readonly label: string;
}
type TaskSummaries = { items: (ReturnType<typeof reviewSummary> & { deadline: TaskDeadlineView | null; readonly actingFor: readonly TaskActingFor[] })[] };

/**
 * The reviews waiting for the actor's level, in their organisation, and those waiting for the people
 * whose delegation to the actor is in force (marked with whom for), soonest due first.
 */
export class ListTasksQuery extends Query<TaskSummaries> {
  constructor(
    readonly actor: Actor,
    readonly fiscalYear: number | undefined,
    readonly now: string = new Date().toISOString(),
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
    private readonly delegations: DelegationsReadModel,
    private readonly deadlines: TaskDeadlines,
  ) {}

  async execute(q: ListTasksQuery): Promise<TaskSummaries> {
    const { actor, fiscalYear, now } = q;
    const tasks = new Map<string, { view: ReviewView; actingFor: TaskActingFor[] }>();
    for (const view of await this.queries.tasks(actor, fiscalYear)) tasks.set(view.reviewId, { view, actingFor: [] });
    const inForce = delegationsInForce(await this.delegations.receivedCurrent(actor.id, now), now).filter((d) => d.delegate.id === actor.id && d.delegate.role === actor.role);
    for (const d of inForce) {
      const name = d.delegator.name ?? null;
      const mark = { delegatorId: d.delegator.id, delegatorName: name, delegationId: d.delegationId, label: ACTING_FOR_LABEL(name ?? d.delegator.id) };
      for (const view of await this.queries.tasks(asActor(d.delegator), fiscalYear)) {
        const task = tasks.get(view.reviewId) ?? { view, actingFor: [] };
        task.actingFor.push(mark);
        tasks.set(view.reviewId, task);
      }
    }
    const due = (v: ReviewView): number => (v.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(v.dueAt));
    const items = [...tasks.values()].sort((a, b) => due(a.view) - due(b.view) || a.view.openedAt.localeCompare(b.view.openedAt));
    const withDeadlines = await this.deadlines.withDeadlines(items.map((t) => t.view), now);
    return { items: items.map(({ actingFor }, i) => ({ ...reviewSummary(withDeadlines[i]!), deadline: withDeadlines[i]!.deadline, actingFor })) };
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
