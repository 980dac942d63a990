import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { type ReviewView } from '../../reviews/review-view';
import { ReviewWriter } from '../../reviews/review-writer';

export interface WaiverDecision {
  readonly findingKeys: readonly string[];
  readonly grant: boolean;
  readonly reason: string;
}

/** Grants or refuses the waiver the unit asked for on blocking findings, at a level that may waive. */
export class DecideWaiverCommand extends Command<ReviewView> {
  constructor(
    readonly ctx: RequestContext,
    readonly reviewId: string,
    readonly expectedVersion: number | undefined,
    readonly decision: WaiverDecision,
  ) {
    super();
  }
}

@CommandHandler(DecideWaiverCommand)
export class DecideWaiverHandler implements ICommandHandler<DecideWaiverCommand> {
  constructor(private readonly reviews: ReviewWriter) {}

  async execute(c: DecideWaiverCommand): Promise<ReviewView> {
    const { review, level } = await this.reviews.atCurrentLevel(c.reviewId);
    const { findingKeys, grant, reason } = c.decision;
    const data = { reviewId: review.reviewId, level, findingKeys, grant, reason };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'DecideWaiver', data, metadata: commandMetadata(c.ctx) }, { expectedVersion: c.expectedVersion });
    return view;
  }
}
