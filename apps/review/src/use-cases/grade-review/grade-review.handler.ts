import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ReviewGrade } from '@budget/domain';
import { type RequestContext } from '@budget/platform';
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
    /** 代理审批: the delegator the caller acts for. */
    readonly actingFor?: string,
  ) {
    super();
  }
}

@CommandHandler(GradeReviewCommand)
export class GradeReviewHandler implements ICommandHandler<GradeReviewCommand> {
  constructor(private readonly reviews: ReviewWriter) {}

  async execute(c: GradeReviewCommand): Promise<ReviewView> {
    const { review, level, metadata, acting, people } = await this.reviews.levelAction(c.ctx, c.reviewId, c.actingFor);
    const { grade, comments, conditions } = c.grading;
    const data = {
      reviewId: review.reviewId,
      level,
      ...acting,
      grade,
      ...(comments !== undefined ? { comments } : {}),
      ...(conditions !== undefined ? { conditions } : {}),
    };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'GradeReview', data, metadata }, { expectedVersion: c.expectedVersion, people });
    return view;
  }
}
