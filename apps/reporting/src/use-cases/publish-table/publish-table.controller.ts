import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { reporting } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
import { type PublishedAnswer, PublishTableCommand } from './publish-table.command';

@Controller('departments/:departmentId/publications')
export class PublishTableController {
  constructor(private readonly commands: CommandBus) {}

  /** A department reviewer publishes the year's table; from version 2 on it is a correction with a reason. */
  @Post()
  @Roles('department_reviewer')
  publish(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Param('departmentId') departmentId: string, @Body() body: unknown): Promise<PublishedAnswer> {
    const { fiscalYear, exclusions, reason } = readBody(reporting.publishBody, body ?? {});
    return this.commands.execute(new PublishTableCommand({ actor, correlationId }, departmentId, fiscalYear, exclusions ?? [], reason));
  }
}
