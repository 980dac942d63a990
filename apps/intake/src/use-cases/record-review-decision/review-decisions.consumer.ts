import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ConsumerHost, consumerGroup, PLATFORM_CONFIG, type PlatformConfig } from '@budget/platform';
import { RecordReviewDecisionCommand } from './record-review-decision.command';

export const INTAKE_REVIEW_CONSUMER = 'intake-review-decisions';

/** Subscribes intake (consumer group `intake`) to the review service's events; each one is a RecordReviewDecisionCommand. */
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
      handle: (event, tx) => this.commands.execute(new RecordReviewDecisionCommand(event, tx)),
    });
  }
}
