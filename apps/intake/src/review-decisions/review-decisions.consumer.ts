import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  type CommandMetadata,
  DomainError,
  type RecordedEvent,
  type ReviewEvent,
  reviewStreamId,
  type SheetCommand,
  sheetStreamId,
  upcastReviewEvent,
} from '@budget/domain';
import { ConsumerHost, consumerGroup, PLATFORM_CONFIG, type PlatformConfig } from '@budget/platform';
import type { PoolClient } from 'pg';
import { SheetRepository } from '../infrastructure/repositories';
import { projectSheet } from '../sheets/sheet-view';

export const INTAKE_REVIEW_CONSUMER = 'intake-review-decisions';
const REVIEW_STREAM_PREFIX = reviewStreamId('');

/**
 * The review service's decisions, recorded on the sheet's own stream (consumer group `intake`),
 * so the sheet's history tells the whole story. The sheet decider checks each decision again
 * (state, review id, four-eyes); one it refuses goes to the dead letters, visibly.
 */
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

@Injectable()
export class ReviewDecisionsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReviewDecisions');

  constructor(
    private readonly consumers: ConsumerHost,
    private readonly sheets: SheetRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers.start({
      groupId: consumerGroup(this.config, 'intake'),
      topics: [this.config.kafka.topics.reviews],
      consumerName: INTAKE_REVIEW_CONSUMER,
      fromBeginning: true,
      handle: (event, tx) => this.handle(event, tx),
    });
  }

  async handle(recorded: RecordedEvent, tx: PoolClient): Promise<void> {
    // budget.reviews also carries the departments' sign-off chain streams: configuration, not decisions on a sheet.
    if (!recorded.streamId.startsWith(REVIEW_STREAM_PREFIX)) return;
    const event = upcastReviewEvent(recorded);
    const metadata: CommandMetadata = {
      now: recorded.occurredAt,
      actor: recorded.actor,
      correlationId: recorded.correlationId,
      causationId: recorded.eventId,
    };
    const command = sheetCommandFor(event, metadata);
    if (!command) return;
    try {
      await this.sheets.execute(sheetStreamId(event.data.sheetId), command, {
        transaction: tx,
        project: (client, state, version) => (state.status === 'empty' ? Promise.resolve() : projectSheet(client, state, version, recorded.occurredAt)),
      });
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
