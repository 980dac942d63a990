import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RequestContext } from '@budget/platform';
import { type ReviewView } from '../../reviews/review-view';
import { ReviewWriter } from '../../reviews/review-writer';
import { RegionCalendar } from '../../deadlines/region-calendar';

/** Signs a review off at its current level, with optional comments; the next level's task opens. */
export class ApproveLevelCommand extends Command<ReviewView> {
  constructor(
    readonly ctx: RequestContext,
    readonly reviewId: string,
    readonly expectedVersion: number | undefined,
    readonly comments: string | undefined,
    /** 代理审批: the delegator the caller acts for. */
    readonly actingFor?: string,
  ) {
    super();
  }
}

@CommandHandler(ApproveLevelCommand)
export class ApproveLevelHandler implements ICommandHandler<ApproveLevelCommand> {
  constructor(
    private readonly reviews: ReviewWriter,
    private readonly calendars: RegionCalendar,
  ) {}

  async execute(c: ApproveLevelCommand): Promise<ReviewView> {
    const { review, level, metadata, acting, people } = await this.reviews.levelAction(c.ctx, c.reviewId, c.actingFor);
    const data = {
      reviewId: review.reviewId,
      level,
      ...acting,
      ...(c.comments !== undefined ? { comments: c.comments } : {}),
      // The next level's due date, when it is in working days, is counted on the region's calendar.
      calendar: await this.calendars.calendar(),
    };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'ApproveLevel', data, metadata }, { expectedVersion: c.expectedVersion, people });
    return view;
  }
}
