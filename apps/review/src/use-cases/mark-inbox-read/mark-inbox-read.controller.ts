import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readBody } from '@budget/platform';
import { MarkInboxReadCommand, type MarkedRead } from './mark-inbox-read.handler';

@Controller()
export class MarkInboxReadController {
  constructor(private readonly commands: CommandBus) {}

  @Post('inbox/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<MarkedRead> {
    const which = readBody(review.markReadBody, body ?? {});
    return this.commands.execute(new MarkInboxReadCommand(actor, which));
  }
}
