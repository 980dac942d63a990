import { Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CurrentActor, Roles } from '@budget/platform';
import { SignCheckpointsCommand } from './sign-checkpoints.command';

@Controller()
export class SignCheckpointsController {
  constructor(private readonly commands: CommandBus) {}

  /** Signs now whatever moved since the last checkpoints. */
  @Post('checkpoints')
  @Roles('admin')
  sign(@CurrentActor() actor: Actor) {
    return this.commands.execute(new SignCheckpointsCommand(actor));
  }
}
