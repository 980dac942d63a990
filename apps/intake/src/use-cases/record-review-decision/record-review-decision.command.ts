import { Command } from '@nestjs/cqrs';
import type { RecordedEvent } from '@budget/domain';
import type { EventStoreTransaction } from '@budget/event-store';

/** A review event from `budget.reviews`, recorded on the sheet inside the consumer's transaction. */
export class RecordReviewDecisionCommand extends Command<void> {
  constructor(
    readonly recorded: RecordedEvent,
    readonly tx: EventStoreTransaction,
  ) {
    super();
  }
}
