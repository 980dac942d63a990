import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { intake } from '@budget/contracts';
import { CurrentRequest, type RequestContext, readBody, Roles } from '@budget/platform';
import type { SheetView } from '../../sheets/sheet-view';
import { WithdrawSheetCommand } from './withdraw-sheet.command';

@Controller('sheets/:sheetId')
export class WithdrawSheetController {
  constructor(private readonly commands: CommandBus) {}

  /** Takes a submission back, only before the review has started. */
  @Post('withdraw')
  @HttpCode(200)
  @Roles('unit_clerk')
  withdraw(
    @CurrentRequest() request: RequestContext,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, reason } = readBody(intake.withdrawSheetBody, body ?? {}, { ifMatch });
    return this.commands.execute(new WithdrawSheetCommand(request, sheetId, expectedVersion, reason));
  }
}
