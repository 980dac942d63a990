import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
import type { SheetView } from '../../sheets/sheet-view';
import { CarryForwardSheetCommand } from './carry-forward-sheet.command';

@Controller('sheets/:sheetId')
export class CarryForwardSheetController {
  constructor(private readonly commands: CommandBus) {}

  /** 结转至下一年度: next year's draft of this approved continuing project; a second time is 409. */
  @Post('carry-forward')
  @HttpCode(201)
  @Roles('unit_clerk', 'department_reviewer', 'admin')
  carryForward(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Param('sheetId') sheetId: string, @Body() body: unknown): Promise<SheetView> {
    readBody(intake.carryForwardSheetBody, body ?? {});
    return this.commands.execute(new CarryForwardSheetCommand({ actor, correlationId }, sheetId));
  }
}
