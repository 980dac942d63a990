import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { reviewView, type ReviewView } from '../../reviews/review-view';
import { ReviewWriter } from '../../reviews/review-writer';

/** Acknowledges warnings at the current level: the named ones, or without a list every one not yet acknowledged there. */
export class AcknowledgeWarningsCommand extends Command<ReviewView> {
  constructor(
    readonly ctx: RequestContext,
    readonly reviewId: string,
    readonly expectedVersion: number | undefined,
    readonly findingKeys: readonly string[] | undefined,
  ) {
    super();
  }
}

@CommandHandler(AcknowledgeWarningsCommand)
export class AcknowledgeWarningsHandler implements ICommandHandler<AcknowledgeWarningsCommand> {
  constructor(private readonly reviews: ReviewWriter) {}

  async execute(c: AcknowledgeWarningsCommand): Promise<ReviewView> {
    const { review, level } = await this.reviews.atCurrentLevel(c.reviewId);
    const findingKeys = c.findingKeys ?? reviewView(review, 0).open.unacknowledgedWarnings;
    const data = { reviewId: review.reviewId, level, findingKeys };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'AcknowledgeWarnings', data, metadata: commandMetadata(c.ctx) }, { expectedVersion: c.expectedVersion });
    return view;
  }
}
