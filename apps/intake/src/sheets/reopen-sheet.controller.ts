import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CorrelationId, CurrentActor, Roles } from '@budget/platform';
import { ExecuteSheetCommand } from './execute-sheet-command';
import { InputReader } from './sheet-input';
import type { SheetView } from './sheet-view';

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
    const input = new InputReader(body ?? {});
    const expectedVersion = input.expectedVersion(ifMatch);
    const reason = input.string('reason', '重新开放原因', { required: true });
    input.rejectUnknown(['expectedVersion', 'reason']);
    input.done();
    return this.commands.execute(
      new ExecuteSheetCommand({ actor, correlationId }, sheetId, expectedVersion, (metadata) => [
        { type: 'ReopenSheet', data: { sheetId, reason: reason ?? '' }, metadata },
      ]),
    );
  }
}
