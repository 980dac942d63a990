import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
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
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, reason } = readBody(intake.withdrawSheetBody, body ?? {}, { ifMatch });
    return this.commands.execute(new WithdrawSheetCommand({ actor, correlationId }, sheetId, expectedVersion, reason));
  }
}
