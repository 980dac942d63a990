import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
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
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, reason } = readBody(intake.reopenSheetBody, body ?? {}, { ifMatch });
    return this.commands.execute(new ReopenSheetCommand({ actor, correlationId }, sheetId, expectedVersion, reason ?? ''));
  }
}
