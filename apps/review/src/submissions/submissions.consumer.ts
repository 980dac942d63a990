import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type CommandMetadata, type DepartmentEvent, type RecordedEvent, upcastDeadlineEvent, upcastDepartmentEvent, upcastSheetEvent } from '@budget/domain';
import { ConsumerHost, consumerGroup, PLATFORM_CONFIG, type PlatformConfig } from '@budget/platform';
import { type Sql } from '../infrastructure/database';
import { UnitNames } from '../infrastructure/unit-names';
import { CancelReviewCommand } from '../use-cases/cancel-review/cancel-review.handler';
import { NotifyBatchReminderCommand } from '../use-cases/notify-batch-reminder/notify-batch-reminder.handler';
import { OpenReviewCommand } from '../use-cases/open-review/open-review.handler';

export const REVIEW_SUBMISSIONS_CONSUMER = 'review-submissions';

/**
 * Consumes budget.targets (consumer group `review`): each submission opens a review (open-review),
 * a withdrawal cancels the review of that submission (cancel-review), a 催办 notifies the units it
 * names (notify-batch-reminder); units' names are kept for the notifications. Each in the transaction that records the message as processed.
 */
@Injectable()
export class SubmissionsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly commands: CommandBus,
    private readonly unitNames: UnitNames,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers.start({
      groupId: consumerGroup(this.config, 'review'),
      topics: [this.config.kafka.topics.targets],
      consumerName: REVIEW_SUBMISSIONS_CONSUMER,
      fromBeginning: true,
      // The other events of budget.targets (a sheet's drafts, intake's records of reviews) are passed over without a transaction of their own.
      eventTypes: ['UnitAdded', 'UnitRenamed', 'BatchReminderSent', 'SheetSubmitted', 'SheetWithdrawn'],
      handle: (event, tx) => this.handle(event, tx),
      // The submissions of every partition that come together in one transaction: one commit where each had its own.
      groupPartitions: this.config.kafka.partitions,
    });
  }

  async handle(recorded: RecordedEvent, tx: Sql): Promise<void> {
    if (recorded.type === 'UnitAdded' || recorded.type === 'UnitRenamed') return this.unitName(upcastDepartmentEvent(recorded), tx);
    if (recorded.type === 'BatchReminderSent') {
      const event = upcastDeadlineEvent(recorded);
      if (event.type === 'BatchReminderSent') await this.commands.execute(new NotifyBatchReminderCommand(recorded.eventId, event.data, tx));
      return;
    }
    if (recorded.type !== 'SheetSubmitted' && recorded.type !== 'SheetWithdrawn') return;
    const event = upcastSheetEvent(recorded);
    const metadata: CommandMetadata = {
      now: recorded.recordedAt,
      actor: { id: 'review-service', role: 'system', name: '自动审核' },
      correlationId: recorded.correlationId,
      causationId: recorded.eventId,
    };
    if (event.type === 'SheetSubmitted') {
      const people = recorded.actor.name ? { [recorded.actor.id]: recorded.actor.name } : {};
      await this.commands.execute(new OpenReviewCommand(event.data, metadata, people, tx));
    } else if (event.type === 'SheetWithdrawn') {
      await this.commands.execute(new CancelReviewCommand(event.data, metadata, tx));
    }
  }

  private async unitName(event: DepartmentEvent, tx: Sql): Promise<void> {
    if (event.type === 'UnitAdded') await this.unitNames.save(tx, { unitId: event.data.unitId, departmentId: event.data.departmentId, name: event.data.name });
    if (event.type === 'UnitRenamed') await this.unitNames.save(tx, { unitId: event.data.unitId, departmentId: event.data.departmentId, name: event.data.after });
  }
}
