import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readBody, Roles } from '@budget/platform';
import { type ContactView, SetContactCommand } from './set-contact.handler';

@Controller()
export class SetContactController {
  constructor(private readonly commands: CommandBus) {}

  /** Registers or updates a person the notifications address (name, role or supervisor's post, organisation, e-mail). */
  @Put('contacts/:userId')
  @Roles('admin')
  contact(@Param('userId') userId: string, @Body() body: unknown): Promise<ContactView> {
    const contact = readBody(review.contactBody, body ?? {});
    return this.commands.execute(new SetContactCommand(userId, contact));
  }
}
