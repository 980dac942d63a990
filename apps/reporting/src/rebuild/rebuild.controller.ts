import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { type Actor, DomainError } from '@budget/domain';
import { CurrentActor, Roles } from '@budget/platform';
import { RebuildService } from './rebuild.service';

@Controller('rebuild')
export class RebuildController {
  constructor(private readonly rebuilds: RebuildService) {}

  /** Starts a rebuild from offset 0 of the topics; answers at once (202) with its first report. */
  @Post()
  @HttpCode(202)
  @Roles('admin')
  start(@CurrentActor() actor: Actor) {
    return this.rebuilds.start(actor);
  }

  /** The rebuild in progress (progress, then the checksum comparison), or the last one. */
  @Get()
  @Roles('admin', 'auditor')
  async status() {
    const report = await this.rebuilds.status();
    if (!report) throw new DomainError('NOT_FOUND', '还没有进行过重建');
    return report;
  }
}
