import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CurrentActor, Roles } from '@budget/platform';
import { ReadRebuildQuery, StartRebuildCommand } from './rebuild-copy.messages';

@Controller('rebuild')
export class RebuildCopyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Starts a rebuild from offset 0 of the topics; answers at once (202) with its first report. */
  @Post()
  @HttpCode(202)
  @Roles('admin')
  start(@CurrentActor() actor: Actor) {
    return this.commands.execute(new StartRebuildCommand(actor));
  }

  /** The rebuild in progress (progress, then the checksum comparison), or the last one. */
  @Get()
  @Roles('admin', 'auditor')
  status() {
    return this.queries.execute(new ReadRebuildQuery());
  }
}
