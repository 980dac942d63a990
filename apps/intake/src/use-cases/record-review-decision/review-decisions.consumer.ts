import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ConsumerHost, consumerGroup, PLATFORM_CONFIG, type PlatformConfig } from '@budget/platform';
import { RecordReviewDecisionCommand } from './record-review-decision.command';
import { SHEET_DECISION_EVENT_TYPES } from './record-review-decision.handler';

export const INTAKE_REVIEW_CONSUMER = 'intake-review-decisions';

/** Subscribes intake (consumer group `intake`) to the review service's decisions on sheets; each one is a RecordReviewDecisionCommand. */
@Injectable()
export class ReviewDecisionsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly commands: CommandBus,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers.start({
      groupId: consumerGroup(this.config, 'intake'),
      topics: [this.config.kafka.topics.reviews],
      consumerName: INTAKE_REVIEW_CONSUMER,
      fromBeginning: true,
      // Findings, level steps, waivers, chains, delegations, calendars: nothing for the sheet, no transaction for them.
      eventTypes: SHEET_DECISION_EVENT_TYPES,
      handle: (event, tx) => this.commands.execute(new RecordReviewDecisionCommand(event, tx)),
      // The decisions of every partition that come together in one transaction: one commit where each had its own.
      groupPartitions: this.config.kafka.partitions,
    });
  }
}
