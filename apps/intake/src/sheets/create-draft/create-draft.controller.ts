import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor, DomainError } from '@budget/domain';
import { CorrelationId, CurrentActor, newId, Roles } from '@budget/platform';
import { OrganisationDirectory } from '../../organisation/organisation.directory';
import { ExecuteSheetCommand } from '../execute-sheet-command';
import { InputReader } from '../sheet-input';
import type { SheetView } from '../sheet-view';

const FIELDS = ['fiscalYear', 'unitId', 'projectName', 'funding', 'goal', 'indicators'];

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
    const input = new InputReader(body);
    const fiscalYear = input.integer('fiscalYear', '预算年度', { required: true });
    const unitId = input.string('unitId', '资金使用单位', { required: actor.role !== 'unit_clerk' }) ?? actor.unitId;
    const projectName = input.string('projectName', '项目名称', { required: true });
    const funding = input.funding('funding', { required: true });
    const goal = input.string('goal', '绩效目标');
    const indicators = input.indicators('indicators', newId);
    input.rejectUnknown(FIELDS);
    input.done();
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
            fiscalYear: fiscalYear!,
            departmentId: unit.departmentId,
            unitId: unit.unitId,
            projectName: projectName!,
            funding: funding!,
            ...(goal !== undefined ? { goal } : {}),
            ...(indicators !== undefined ? { indicators } : {}),
          },
          metadata,
        },
      ]),
    );
  }
}
