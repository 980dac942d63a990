import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { intake } from '@budget/contracts';
import { CurrentRequest, type RequestContext, readBody, Roles } from '@budget/platform';
import type { SheetView } from '../../sheets/sheet-view';
import { ReopenSheetCommand } from './reopen-sheet.command';

@Controller('sheets/:sheetId')
export class ReopenSheetController {
  constructor(private readonly commands: CommandBus) {}

  /** Finance reopens an approved (frozen) sheet for changes; the reason is recorded. */
  @Post('reopen')
  @HttpCode(200)
  @Roles('finance_reviewer')
  reopen(
    @CurrentRequest() request: RequestContext,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, reason, publishedVersion } = readBody(intake.reopenSheetBody, body ?? {}, { ifMatch });
    return this.commands.execute(new ReopenSheetCommand(request, sheetId, expectedVersion, reason ?? '', publishedVersion));
  }
}
