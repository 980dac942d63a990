import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { intake } from '@budget/contracts';
import { CurrentRequest, type RequestContext, readBody, Roles } from '@budget/platform';
import type { SheetView } from '../../sheets/sheet-view';
import { SubmitSheetCommand } from './submit-sheet.command';

@Controller('sheets/:sheetId')
export class SubmitSheetController {
  constructor(private readonly commands: CommandBus) {}

  /** Sends the sheet up for review, optionally asking to waive named blocking findings. */
  @Post('submit')
  @HttpCode(200)
  @Roles('unit_clerk')
  submit(
    @CurrentRequest() request: RequestContext,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, waiverRequests } = readBody(intake.submitSheetBody, body ?? {}, { ifMatch });
    return this.commands.execute(new SubmitSheetCommand(request, sheetId, expectedVersion, waiverRequests));
  }
}
