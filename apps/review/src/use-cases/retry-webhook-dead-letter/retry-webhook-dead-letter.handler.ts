import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@budget/domain';
import { type Deliveries } from '../../notifications/notification-ports';
import { NOTIFIER } from '../../notifications/review-notifications';

export interface RetriedDeadLetter {
  readonly id: string;
  readonly retried: true;
}

/** An admin sends a webhook dead letter again, once: an unknown or already retried one is not found. */
export class RetryWebhookDeadLetterCommand extends Command<RetriedDeadLetter> {
  constructor(readonly id: string) {
    super();
  }
}

@CommandHandler(RetryWebhookDeadLetterCommand)
export class RetryWebhookDeadLetterHandler implements ICommandHandler<RetryWebhookDeadLetterCommand> {
  constructor(@Inject(NOTIFIER) private readonly deliveries: Deliveries) {}

  async execute(c: RetryWebhookDeadLetterCommand): Promise<RetriedDeadLetter> {
    if (!(await this.deliveries.retryWebhookDeadLetter(c.id))) throw new DomainError('NOT_FOUND', '该死信不存在或已重试');
    return { id: c.id, retried: true };
  }
}
