import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor, DomainError } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, newId, readBody, Roles } from '@budget/platform';
import { OrganisationDirectory } from '../../organisation/organisation.directory';
import { ExecuteSheetCommand } from '../execute-sheet-command';
import type { SheetView } from '../sheet-view';

@Controller('sheets')
export class CreateDraftController {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** A new draft for a project of a unit; amounts in 万元, the total is derived. */
  @Post()
  @HttpCode(201)
  @Roles('unit_clerk', 'department_reviewer', 'admin')
  async create(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Body() body: unknown): Promise<SheetView> {
    const input = readBody(intake.createSheetBody, body);
    if (input.unitId === undefined && actor.role !== 'unit_clerk') {
      throw new DomainError('VALIDATION_FAILED', '输入有误，请按提示修改', { fieldErrors: [{ field: 'unitId', message: '请填写资金使用单位' }] });
    }
    const { fiscalYear, projectName, funding, goal } = input;
    const unitId = input.unitId ?? actor.unitId;
    const indicators = input.indicators?.map((i) => ({ ...i, indicatorId: i.indicatorId ?? newId(), periodTarget: i.periodTarget ?? '' }));
    const unit = unitId ? await this.directory.unit(unitId) : null;
    if (!unit) {
      throw new DomainError('VALIDATION_FAILED', '输入有误，请按提示修改', { fieldErrors: [{ field: 'unitId', message: '未知的资金使用单位' }] });
    }
    const sheetId = newId();
    return this.commands.execute(
      new ExecuteSheetCommand({ actor, correlationId }, sheetId, 0, (metadata) => [
        {
          type: 'CreateDraft',
          data: {
            sheetId,
            fiscalYear,
            departmentId: unit.departmentId,
            unitId: unit.unitId,
            projectName,
            funding,
            ...(goal !== undefined ? { goal } : {}),
            ...(indicators !== undefined ? { indicators } : {}),
          },
          metadata,
        },
      ]),
    );
  }
}
