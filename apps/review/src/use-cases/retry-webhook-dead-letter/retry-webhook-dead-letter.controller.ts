import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '@budget/platform';
import { type RetriedDeadLetter, RetryWebhookDeadLetterCommand } from './retry-webhook-dead-letter.handler';

@Controller()
export class RetryWebhookDeadLetterController {
  constructor(private readonly commands: CommandBus) {}

  @Post('webhooks/dead-letters/:id/retry')
  @HttpCode(200)
  @Roles('admin')
  retry(@Param('id') id: string): Promise<RetriedDeadLetter> {
    return this.commands.execute(new RetryWebhookDeadLetterCommand(id));
  }
}
