import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readBody, Roles } from '@budget/platform';
import { SetWebhookCommand, type WebhookView } from './set-webhook.handler';

@Controller()
export class SetWebhookController {
  constructor(private readonly commands: CommandBus) {}

  /** A webhook for an organisation (a department, one unit, or everything when neither is given). */
  @Put('webhooks/:id')
  @Roles('admin')
  webhook(@Param('id') id: string, @Body() body: unknown): Promise<WebhookView> {
    const webhook = readBody(review.webhookBody, body ?? {});
    return this.commands.execute(new SetWebhookCommand(id, webhook));
  }
}
