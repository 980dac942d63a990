import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CheckpointService, type SigningRun } from '../../checkpoints/checkpoint.service';

/** Signs now whatever moved since the last checkpoints (the service also does so every CHECKPOINT_INTERVAL_SECONDS). */
export class SignCheckpointsCommand extends Command<SigningRun> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@CommandHandler(SignCheckpointsCommand)
export class SignCheckpointsHandler implements ICommandHandler<SignCheckpointsCommand> {
  constructor(private readonly checkpoints: CheckpointService) {}

  execute(c: SignCheckpointsCommand): Promise<SigningRun> {
    return this.checkpoints.sign(c.actor);
  }
}
