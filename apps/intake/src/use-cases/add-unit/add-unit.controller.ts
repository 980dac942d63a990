import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
import type { DepartmentInfo } from '../../infrastructure/organisation-directory';
import { AddUnitCommand } from './add-unit.command';

@Controller('departments/:departmentId/units')
export class AddUnitController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin', 'department_reviewer')
  addUnit(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('departmentId') departmentId: string,
    @Body() body: unknown,
  ): Promise<DepartmentInfo> {
    const { name } = readBody(intake.addUnitBody, body);
    return this.commands.execute(new AddUnitCommand({ actor, correlationId }, departmentId, name));
  }
}
