import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { reporting } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
import { type ReopenedAnswer, ReopenPublishedSheetCommand } from './reopen-published-sheet.command';

@Controller('departments/:departmentId/publications/sheets/:sheetId')
export class ReopenPublishedSheetController {
  constructor(private readonly commands: CommandBus) {}

  /** Finance reopens a published sheet with a reason: recorded on the publication, and the sheet reopens in intake. */
  @Post('reopen')
  @HttpCode(200)
  @Roles('finance_reviewer')
  reopen(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Headers('authorization') authorization: string,
    @Param('departmentId') departmentId: string,
    @Param('sheetId') sheetId: string,
    @Body() body: unknown,
  ): Promise<ReopenedAnswer> {
    const { fiscalYear, reason } = readBody(reporting.reopenPublishedBody, body ?? {});
    return this.commands.execute(new ReopenPublishedSheetCommand({ actor, correlationId, authorization }, departmentId, fiscalYear, sheetId, reason));
  }
}
