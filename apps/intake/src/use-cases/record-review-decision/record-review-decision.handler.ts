import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandMetadata, DomainError, type ReviewEvent, type ReviewEventType, reviewStreamId, type SheetCommand, upcastReviewEvent } from '@budget/domain';
import { SheetRepository } from '../../infrastructure/repositories';
import { RecordReviewDecisionCommand } from './record-review-decision.command';

const REVIEW_STREAM_PREFIX = reviewStreamId('');

/**
 * The review events that ask something of the sheet (sheetCommandFor gives a command for these and
 * for no other): the consumer passes over the rest of budget.reviews without a transaction.
 */
export const SHEET_DECISION_EVENT_TYPES = ['ReviewOpened', 'ReviewRevisionRequested', 'ReviewApproved', 'ReviewRejected'] as const satisfies readonly ReviewEventType[];

/** The sheet command a review event asks for; steps inside the review leave the sheet alone (null). */
export function sheetCommandFor(event: ReviewEvent, metadata: CommandMetadata): SheetCommand | null {
  const { sheetId, reviewId } = event.data;
  switch (event.type) {
    case 'ReviewOpened':
      return { type: 'StartReview', data: { sheetId, reviewId, submissionNo: event.data.submissionNo }, metadata };
    case 'ReviewRevisionRequested':
      return {
        type: 'RequestRevision',
        data: {
          sheetId,
          reviewId,
          round: event.data.round,
          reasons: event.data.reasons.map((r) => ({
            ...(r.field !== undefined ? { field: r.field } : {}),
            ...(r.ruleId !== undefined ? { ruleId: r.ruleId } : {}),
            message: r.message,
          })),
        },
        metadata,
      };
    case 'ReviewApproved':
      return {
        type: 'ApproveSheet',
        data: { sheetId, reviewId, grade: event.data.grade, ...(event.data.conditions ? { conditions: event.data.conditions } : {}) },
        metadata,
      };
    case 'ReviewRejected':
      return { type: 'RejectSheet', data: { sheetId, reviewId, grade: event.data.grade, reason: event.data.reason }, metadata };
    case 'FindingsRecorded':
    case 'LevelTaskOpened':
    case 'WarningsAcknowledged':
    case 'WaiverDecided':
    case 'LevelApproved':
    case 'ReviewCancelled':
      return null;
  }
}

/**
 * The review service's decisions, recorded on the sheet's own stream, so the sheet's history
 * tells the whole story. The sheet decider checks each decision again (state, review id,
 * four-eyes); one it refuses throws, and the consumer puts it in the dead letters, visibly.
 */
@CommandHandler(RecordReviewDecisionCommand)
export class RecordReviewDecisionHandler implements ICommandHandler<RecordReviewDecisionCommand> {
  private readonly logger = new Logger('ReviewDecisions');

  constructor(private readonly sheets: SheetRepository) {}

  async execute({ recorded, tx }: RecordReviewDecisionCommand): Promise<void> {
    // budget.reviews also carries the departments' sign-off chain streams: configuration, not decisions on a sheet.
    if (!recorded.streamId.startsWith(REVIEW_STREAM_PREFIX)) return;
    const event = upcastReviewEvent(recorded);
    const metadata: CommandMetadata = { now: recorded.occurredAt, actor: recorded.actor, correlationId: recorded.correlationId, causationId: recorded.eventId };
    const command = sheetCommandFor(event, metadata);
    if (!command) return;
    try {
      await this.sheets.execute(event.data.sheetId, command, { transaction: tx });
    } catch (e) {
      // A review opened for a submission the unit withdrew in the meantime: the review service
      // cancels it when it sees the withdrawal; the sheet has nothing to record.
      if (command.type === 'StartReview' && e instanceof DomainError && e.code === 'ILLEGAL_STATE') {
        this.logger.warn(`review ${event.data.reviewId} of a withdrawn submission ignored: ${e.message}`);
        return;
      }
      throw e;
    }
  }
}
