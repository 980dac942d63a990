import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { type ReviewView } from '../../reviews/review-view';
import { ReviewWriter } from '../../reviews/review-writer';

/** Signs a review off at its current level, with optional comments; the next level's task opens, due on the region's calendar. */
export class ApproveLevelCommand extends Command<ReviewView> {
  constructor(
    readonly ctx: RequestContext,
    readonly reviewId: string,
    readonly expectedVersion: number | undefined,
    readonly comments: string | undefined,
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
    const { review, level } = await this.reviews.atCurrentLevel(c.reviewId);
    const data = {
      reviewId: review.reviewId,
      level,
      ...(c.comments !== undefined ? { comments: c.comments } : {}),
      // The next level's due date, when it is in working days, is counted on the region's calendar.
      calendar: await this.calendars.calendar(),
    };
    const { view } = await this.reviews.decide(review.sheetId, { type: 'ApproveLevel', data, metadata: commandMetadata(c.ctx) }, { expectedVersion: c.expectedVersion });
    return view;
  }
}
