import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, newId, readBody, Roles } from '@budget/platform';
import type { SheetView } from '../../sheets/sheet-view';
import { CreateDraftCommand } from './create-draft.command';

@Controller('sheets')
export class CreateDraftController {
  constructor(private readonly commands: CommandBus) {}

  /** A new draft for a project of a unit; amounts in 万元, the total is derived. */
  @Post()
  @HttpCode(201)
  @Roles('unit_clerk', 'department_reviewer', 'admin')
  create(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Body() body: unknown): Promise<SheetView> {
    const { fiscalYear, unitId, projectName, funding, goal, indicators } = readBody(intake.createSheetBody, body);
    return this.commands.execute(
      new CreateDraftCommand({ actor, correlationId }, newId(), {
        fiscalYear,
        projectName,
        funding,
        ...(unitId !== undefined ? { unitId } : {}),
        ...(goal !== undefined ? { goal } : {}),
        ...(indicators !== undefined ? { indicators: indicators.map((i) => ({ ...i, indicatorId: i.indicatorId ?? newId(), periodTarget: i.periodTarget ?? '' })) } : {}),
      }),
    );
  }
}
