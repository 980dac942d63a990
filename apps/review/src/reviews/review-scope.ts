import { applyDecorators, createParamDecorator, type ExecutionContext, HttpCode, Injectable, type PipeTransform, Post } from '@nestjs/common';
import { type Actor, DomainError, mayRead } from '@budget/domain';
import { type AuthenticatedRequest, type RequestContext, Roles } from '@budget/platform';
import { ReviewsQueries, type ReviewRow } from './reviews.queries';

export const REVIEWER_ROLES = ['unit_head', 'department_reviewer', 'finance_reviewer'] as const;

/** A review the read model holds and the actor may see, or NOT_FOUND / FORBIDDEN. */
@Injectable()
export class ReviewScope {
  constructor(private readonly queries: ReviewsQueries) {}

  async readable(actor: Actor, reviewId: string): Promise<ReviewRow> {
    const row = await this.queries.row(reviewId);
    if (!row) throw new DomainError('NOT_FOUND', '审核记录不存在');
    if (!mayRead(actor, { departmentId: row.department_id, unitId: row.unit_id })) throw new DomainError('FORBIDDEN', '无权查看其他单位或部门的审核记录');
    return row;
  }
}

/** What a sign-off action's route reads from the request before its body: who, which review, If-Match. */
export interface ReviewActionRequest {
  readonly ctx: RequestContext;
  readonly reviewId: string;
  readonly ifMatch: string | undefined;
  readonly body: unknown;
}

/**
 * Refuses a review that does not exist or that the actor may not see before the body is read, so
 * a stranger learns nothing from the validation of what they sent.
 */
@Injectable()
export class ReviewInScope implements PipeTransform<ReviewActionRequest, Promise<ReviewActionRequest>> {
  constructor(private readonly scope: ReviewScope) {}

  async transform(request: ReviewActionRequest): Promise<ReviewActionRequest> {
    await this.scope.readable(request.ctx.actor, request.reviewId);
    return request;
  }
}

const ActionRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): ReviewActionRequest => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new Error('ReviewActionRequest used on a public route');
  return {
    ctx: { actor: req.actor, correlationId: req.correlationId ?? '' },
    reviewId: String(req.params.reviewId),
    ifMatch: typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined,
    body: req.body as unknown,
  };
});

/** The request of a sign-off action on a review in the actor's scope. */
export const InScopeActionRequest = (): ParameterDecorator => ActionRequest(ReviewInScope);

/**
 * A sign-off action's route: POST under the review, 200, for the reviewer roles. Which reviewer may
 * act at which level, in which organisation, is the domain's maySignOff.
 */
export const ReviewAction = (path: string): MethodDecorator => applyDecorators(Post(`reviews/:reviewId/${path}`), HttpCode(200), Roles(...REVIEWER_ROLES));
