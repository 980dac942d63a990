import { Inject, Injectable } from '@nestjs/common';
import { type ReviewCommand, reviewDecider, type ReviewEvent, REVIEW_EVENT_SCHEMA_VERSIONS, type ReviewState, upcastReviewEvent } from '@budget/domain';
import { PostgresEventStore } from '@budget/event-store';
import { EventSourcedRepository } from '@budget/platform';

export const REVIEW_SCHEMA = 'review';

@Injectable()
export class ReviewRepository extends EventSourcedRepository<ReviewCommand, ReviewEvent, ReviewState> {
  constructor(@Inject(PostgresEventStore) store: PostgresEventStore) {
    super(store, { name: 'review', decider: reviewDecider, upcast: upcastReviewEvent, schemaVersions: REVIEW_EVENT_SCHEMA_VERSIONS });
  }
}
