import { Command, CommandHandler, type ICommandHandler, type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError } from '@budget/domain';
import { RebuildService } from '../../rebuild/rebuild.service';
import { type RebuildReport } from '../../rebuild/rebuild.types';

/** Starts a rebuild of the copy from offset 0 of the topics (single-flight across processes). */
export class StartRebuildCommand extends Command<RebuildReport> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/** The rebuild in progress (progress, then the checksum comparison), or the last one. */
export class ReadRebuildQuery extends Query<RebuildReport> {}

@CommandHandler(StartRebuildCommand)
export class StartRebuildHandler implements ICommandHandler<StartRebuildCommand> {
  constructor(private readonly rebuilds: RebuildService) {}

  execute(c: StartRebuildCommand): Promise<RebuildReport> {
    return this.rebuilds.start(c.actor);
  }
}

@QueryHandler(ReadRebuildQuery)
export class ReadRebuildHandler implements IQueryHandler<ReadRebuildQuery> {
  constructor(private readonly rebuilds: RebuildService) {}

  async execute(): Promise<RebuildReport> {
    const report = await this.rebuilds.status();
    if (!report) throw new DomainError('NOT_FOUND', '还没有进行过重建');
    return report;
  }
}
