import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RequestContext } from '@budget/platform';
import { type ReviewView } from '../../reviews/review-view';
import { ReviewWriter } from '../../reviews/review-writer';

/** One comment of a revision request: on a field, on a finding, or on the sheet as a whole. */
export interface RevisionComment {
  readonly message: string;
  readonly field?: string | undefined;
  readonly findingKey?: string | undefined;
}

/** Sends the sheet back to its unit with the reviewer's comments; the review ends. */
export class RequestRevisionCommand extends Command<ReviewView> {
  constructor(
    readonly ctx: RequestContext,
    readonly reviewId: string,
    readonly expectedVersion: number | undefined,
    readonly comments: readonly RevisionComment[],
    /** 代理审批: the delegator the caller acts for. */
    readonly actingFor?: string,
  ) {
    super();
  }
}

@CommandHandler(RequestRevisionCommand)
export class RequestRevisionHandler implements ICommandHandler<RequestRevisionCommand> {
  constructor(private readonly reviews: ReviewWriter) {}

  async execute(c: RequestRevisionCommand): Promise<ReviewView> {
    const { review, level, metadata, acting, people } = await this.reviews.levelAction(c.ctx, c.reviewId, c.actingFor);
    const comments = c.comments.map((x) => ({
      message: x.message,
      ...(x.field !== undefined ? { field: x.field } : {}),
      ...(x.findingKey !== undefined ? { findingKey: x.findingKey } : {}),
    }));
    const data = { reviewId: review.reviewId, level, ...acting, comments };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'RequestRevision', data, metadata }, { expectedVersion: c.expectedVersion, people });
    return view;
  }
}
