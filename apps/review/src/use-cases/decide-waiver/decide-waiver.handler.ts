import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RequestContext } from '@budget/platform';
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
    /** 代理审批: the delegator the caller acts for. */
    readonly actingFor?: string,
  ) {
    super();
  }
}

@CommandHandler(DecideWaiverCommand)
export class DecideWaiverHandler implements ICommandHandler<DecideWaiverCommand> {
  constructor(private readonly reviews: ReviewWriter) {}

  async execute(c: DecideWaiverCommand): Promise<ReviewView> {
    const { review, level, metadata, acting, people } = await this.reviews.levelAction(c.ctx, c.reviewId, c.actingFor);
    const { findingKeys, grant, reason } = c.decision;
    const data = { reviewId: review.reviewId, level, ...acting, findingKeys, grant, reason };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'DecideWaiver', data, metadata }, { expectedVersion: c.expectedVersion, people });
    return view;
  }
}
