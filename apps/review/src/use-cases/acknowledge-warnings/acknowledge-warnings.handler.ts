import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RequestContext } from '@budget/platform';
import { reviewView, type ReviewView } from '../../reviews/review-view';
import { ReviewWriter } from '../../reviews/review-writer';

/** Acknowledges warnings at the current level: the named ones, or without a list every one not yet acknowledged there. */
export class AcknowledgeWarningsCommand extends Command<ReviewView> {
  constructor(
    readonly ctx: RequestContext,
    readonly reviewId: string,
    readonly expectedVersion: number | undefined,
    readonly findingKeys: readonly string[] | undefined,
    /** 代理审批: the delegator the caller acts for. */
    readonly actingFor?: string,
  ) {
    super();
  }
}

@CommandHandler(AcknowledgeWarningsCommand)
export class AcknowledgeWarningsHandler implements ICommandHandler<AcknowledgeWarningsCommand> {
  constructor(private readonly reviews: ReviewWriter) {}

  async execute(c: AcknowledgeWarningsCommand): Promise<ReviewView> {
    const { review, level, metadata, acting, people } = await this.reviews.levelAction(c.ctx, c.reviewId, c.actingFor);
    const findingKeys = c.findingKeys ?? reviewView(review, 0).open.unacknowledgedWarnings;
    const data = { reviewId: review.reviewId, level, ...acting, findingKeys };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'AcknowledgeWarnings', data, metadata }, { expectedVersion: c.expectedVersion, people });
    return view;
  }
}
