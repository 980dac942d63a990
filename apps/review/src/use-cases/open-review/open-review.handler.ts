import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandMetadata, evaluateRules, type RecordedEvent, RULE_SET_VERSION, type SheetSubmitted } from '@budget/domain';
import { uuidFromNames } from '@budget/platform';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { type Sql } from '../../infrastructure/database';
import { type PeopleNames } from '../../reviews/review-view';
import { ReviewWriter } from '../../reviews/review-writer';
import { RULE_CONFIG, type ReviewRuleConfig } from '../../reviews/rule-config';
import { OpeningContextQuery } from './opening-context.query';

/** One review per submission: the same submission always gets the same review id. */
export function reviewIdFor(sheetId: string, submissionNo: number): string {
  return uuidFromNames('review', sheetId, String(submissionNo));
}

/**
 * A submission opens its review: the rule catalogue's findings recorded, the department's sign-off
 * chain of the moment, the round counted, the first level's due date on the region's calendar; in the
 * transaction of the consumer that received it, with what it reads read in one statement (OpeningContextQuery).
 */
export class OpenReviewCommand extends Command<readonly RecordedEvent[]> {
  constructor(
    readonly submitted: SheetSubmitted['data'],
    readonly metadata: CommandMetadata,
    /** The submitter's name, for the reviewers' screens (the review's own events are the service's). */
    readonly people: PeopleNames,
    readonly transaction: Sql,
  ) {
    super();
  }
}

@CommandHandler(OpenReviewCommand)
export class OpenReviewHandler implements ICommandHandler<OpenReviewCommand> {
  constructor(
    private readonly reviews: ReviewWriter,
    private readonly context: OpeningContextQuery,
    @Inject(RULE_CONFIG) private readonly rules: ReviewRuleConfig,
    private readonly calendars: RegionCalendar,
  ) {}

  async execute(c: OpenReviewCommand): Promise<readonly RecordedEvent[]> {
    const d = c.submitted;
    const tx = c.transaction;
    const reviewId = reviewIdFor(d.sheetId, d.submissionNo);
    const known = await this.context.read(
      { sheetId: d.sheetId, submissionNo: d.submissionNo, departmentId: d.content.departmentId, unitId: d.content.unitId, calendarStreamId: this.calendars.streamId },
      tx,
    );
    // An imported draft carries its 总计 as written, so A01 is a recorded finding of the review.
    const findings = evaluateRules(d.content, this.rules.rules, d.writtenTotal === undefined ? {} : { writtenTotal: d.writtenTotal });
    const data = {
      reviewId,
      sheetId: d.sheetId,
      submissionNo: d.submissionNo,
      // Rounds count the reviews of this sheet that ended (a withdrawn submission's does not).
      round: known.endedBefore + 1,
      content: d.content,
      createdBy: d.createdBy,
      lastEditedBy: d.lastEditedBy,
      submittedBy: d.submittedBy,
      submittedAt: d.submittedAt,
      waiverRequests: d.waiverRequests,
      changesSincePrevious: d.changesSincePrevious,
      ruleSetVersion: RULE_SET_VERSION,
      findings,
      // The department's chain of the moment: the review keeps it, whatever the department changes later.
      chain: known.chain,
      // Due dates of levels in working days are counted on the region's calendar of the moment.
      calendar: await this.calendars.calendar(tx, known.calendarVersion),
    };
    const { recorded } = await this.reviews.decide(d.sheetId, { type: 'OpenReview', data, metadata: c.metadata }, { transaction: tx, people: c.people, unitName: { name: known.unitName } });
    return recorded;
  }
}
