import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
import { CarryForwardDepartmentCommand, type CarryForwardSummary } from './carry-forward-department.command';

@Controller('departments/:departmentId/carry-forward')
export class CarryForwardDepartmentController {
  constructor(private readonly commands: CommandBus) {}

  /** 整个部门结转至下一年度: every approved sheet of the year; those carried before are reported, not copied again. */
  @Post()
  @HttpCode(200)
  @Roles('department_reviewer', 'admin')
  carryForward(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Param('departmentId') departmentId: string, @Body() body: unknown): Promise<CarryForwardSummary> {
    const { fromYear } = readBody(intake.carryForwardDepartmentBody, body ?? {});
    return this.commands.execute(new CarryForwardDepartmentCommand({ actor, correlationId }, departmentId, fromYear));
  }
}
