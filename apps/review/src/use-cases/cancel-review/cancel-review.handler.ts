import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandMetadata, type RecordedEvent, type SheetWithdrawn } from '@budget/domain';
import { type Sql } from '../../infrastructure/database';
import { reviewIdFor } from '../open-review/open-review.handler';
import { ReviewWriter } from '../../reviews/review-writer';
import { ReviewsQueries } from '../../reviews/reviews.queries';

const STILL_OPEN = ['open', 'awaiting_level'];

/** A withdrawn submission cancels its review, if it was opened and has not ended. */
export class CancelReviewCommand extends Command<readonly RecordedEvent[]> {
  constructor(
    readonly withdrawn: SheetWithdrawn['data'],
    readonly metadata: CommandMetadata,
    readonly transaction: Sql,
  ) {
    super();
  }
}

@CommandHandler(CancelReviewCommand)
export class CancelReviewHandler implements ICommandHandler<CancelReviewCommand> {
  private readonly logger = new Logger('Submissions');

  constructor(
    private readonly reviews: ReviewWriter,
    private readonly queries: ReviewsQueries,
  ) {}

  async execute(c: CancelReviewCommand): Promise<readonly RecordedEvent[]> {
    const { sheetId, submissionNo, reason } = c.withdrawn;
    const reviewId = reviewIdFor(sheetId, submissionNo);
    const status = await this.queries.statusOf(c.transaction, reviewId);
    // Not opened yet (the withdrawal overtook nothing) or already closed: nothing to cancel.
    if (status === undefined || !STILL_OPEN.includes(status)) return [];
    this.logger.log(`submission ${submissionNo} of sheet ${sheetId} withdrawn: cancelling review ${reviewId}`);
    const command = { type: 'CancelReview' as const, data: { reviewId, reason: reason ?? '单位撤回了报送' }, metadata: c.metadata };
    const { recorded } = await this.reviews.decide(sheetId, command, { transaction: c.transaction });
    return recorded;
  }
}
