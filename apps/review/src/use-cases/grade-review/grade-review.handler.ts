import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ReviewGrade } from '@budget/domain';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { type ReviewView } from '../../reviews/review-view';
import { ReviewWriter } from '../../reviews/review-writer';

export interface Grading {
  readonly grade: ReviewGrade;
  readonly comments?: string | undefined;
  readonly conditions?: string | undefined;
}

/** The last level grades the sheet; the grade approves or rejects it. */
export class GradeReviewCommand extends Command<ReviewView> {
  constructor(
    readonly ctx: RequestContext,
    readonly reviewId: string,
    readonly expectedVersion: number | undefined,
    readonly grading: Grading,
  ) {
    super();
  }
}

@CommandHandler(GradeReviewCommand)
export class GradeReviewHandler implements ICommandHandler<GradeReviewCommand> {
  constructor(private readonly reviews: ReviewWriter) {}

  async execute(c: GradeReviewCommand): Promise<ReviewView> {
    const { review, level } = await this.reviews.atCurrentLevel(c.reviewId);
    const { grade, comments, conditions } = c.grading;
    const data = {
      reviewId: review.reviewId,
      level,
      grade,
      ...(comments !== undefined ? { comments } : {}),
      ...(conditions !== undefined ? { conditions } : {}),
    };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'GradeReview', data, metadata: commandMetadata(c.ctx) }, { expectedVersion: c.expectedVersion });
    return view;
  }
}
