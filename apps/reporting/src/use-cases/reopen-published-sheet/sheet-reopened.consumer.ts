import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type RecordedEvent, upcastSheetEvent } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { ConsumerHost, consumerGroup, PLATFORM_CONFIG, type PlatformConfig } from '@budget/platform';
import { RecordSheetReopenedCommand } from './record-sheet-reopened.handler';

export const SHEET_REOPENED_CONSUMER = 'reporting-reopenings';

/**
 * Intake's SheetReopened events (budget.targets, its own consumer group): a reopening after
 * publication is recorded on the publication, each once, in the transaction that marks the message
 * processed. Apart from the copy's consumer, so the copy and its rebuilds stay a copy.
 */
@Injectable()
export class SheetReopenedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly commands: CommandBus,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers.start({
      groupId: consumerGroup(this.config, SHEET_REOPENED_CONSUMER),
      topics: [this.config.kafka.topics.targets],
      consumerName: SHEET_REOPENED_CONSUMER,
      fromBeginning: true,
      // The other events of budget.targets are passed over without a transaction of their own.
      eventTypes: ['SheetReopened'],
      handle: (event, tx) => this.handle(event, tx),
    });
  }

  async handle(recorded: RecordedEvent, tx: EventStoreTransaction): Promise<void> {
    if (recorded.type !== 'SheetReopened') return;
    const event = upcastSheetEvent(recorded);
    if (event.type === 'SheetReopened' && event.data.publication) await this.commands.execute(new RecordSheetReopenedCommand(recorded, event.data, tx));
  }
}
