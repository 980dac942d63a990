import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor, DomainError, mayRead } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
import { AddUnitCommand, RegisterDepartmentCommand } from './organisation.commands';
import { type DepartmentInfo, OrganisationDirectory } from './organisation.directory';

@Controller('departments')
export class OrganisationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: OrganisationDirectory,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor): Promise<{ items: DepartmentInfo[] }> {
    const all = await this.directory.allDepartments();
    return {
      items: all
        .filter((d) => mayRead(actor, { departmentId: d.departmentId }) || d.units.some((u) => mayRead(actor, { departmentId: d.departmentId, unitId: u.unitId })))
        .map((d) => (mayRead(actor, { departmentId: d.departmentId }) ? d : { ...d, units: d.units.filter((u) => u.unitId === actor.unitId) })),
    };
  }

  @Get(':departmentId')
  async get(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string): Promise<DepartmentInfo> {
    const d = await this.directory.department(departmentId);
    if (!d) throw new DomainError('NOT_FOUND', '部门不存在');
    if (mayRead(actor, { departmentId })) return d;
    const own = d.units.filter((u) => u.unitId === actor.unitId);
    if (own.length === 0) throw new DomainError('FORBIDDEN', '您无权查看该部门');
    return { ...d, units: own };
  }

  @Post()
  @Roles('admin')
  register(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Body() body: unknown): Promise<DepartmentInfo> {
    const { name } = readBody(intake.registerDepartmentBody, body);
    return this.commands.execute(new RegisterDepartmentCommand({ actor, correlationId }, name));
  }

  @Post(':departmentId/units')
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
