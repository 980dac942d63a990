import { Injectable } from '@nestjs/common';
import {
  type CommandMetadata,
  DomainError,
  type RecordedEvent,
  type ReviewCommand,
  reviewStreamId,
  sheetStreamId,
} from '@budget/domain';
import type { EventStoreTransaction } from '@budget/event-store';
import { ReviewRepository } from '../infrastructure/review.repository';
import { ReviewNotifications } from '../notifications/review-notifications';
import { namesOf, type PeopleNames, projectReview, reviewView, type ReviewView } from './review-view';

export interface ReviewCommandOptions {
  readonly expectedVersion?: number;
  /** A consumer's transaction to join. */
  readonly transaction?: EventStoreTransaction;
  /** Names of people the command names but whose events are not the review's (the submitter, from SheetSubmitted). */
  readonly people?: PeopleNames;
}

/**
 * Every write of a review: decide, append (keyed on Kafka by the sheet's stream, so a sheet's
 * submissions and decisions stay in order), and in the same transaction the read model and the
 * notification requests derived from the new events.
 */
@Injectable()
export class ReviewCommands {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly notifications: ReviewNotifications,
  ) {}

  async execute(
    reviewId: string,
    sheetId: string,
    build: (metadata: CommandMetadata) => ReviewCommand,
    metadata: CommandMetadata,
    opts: ReviewCommandOptions = {},
  ): Promise<{ view: ReviewView; recorded: readonly RecordedEvent[] }> {
    const command = build(metadata);
    const { people, ...options } = opts;
    let stored: ReviewView | undefined;
    const result = await this.reviews.execute(reviewStreamId(reviewId), command, {
      ...options,
      messageKey: sheetStreamId(sheetId),
      project: async (client, state, version, recorded) => {
        if (state.status === 'none') return;
        stored = await projectReview(client, state, version, metadata.now, { ...people, ...namesOf(recorded) });
        await this.notifications.request(client, state, recorded);
      },
    });
    if (result.state.status === 'none') throw new DomainError('NOT_FOUND', '审核记录不存在');
    return { view: stored ?? reviewView(result.state, result.version), recorded: result.recorded };
  }
}
