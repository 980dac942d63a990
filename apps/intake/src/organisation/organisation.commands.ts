import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RequestContext } from '../infrastructure/command-context';
import type { DepartmentInfo } from './organisation.directory';
import { OrganisationService } from './organisation.service';

export class RegisterDepartmentCommand extends Command<DepartmentInfo> {
  constructor(
    readonly ctx: RequestContext,
    readonly name: string,
  ) {
    super();
  }
}

export class AddUnitCommand extends Command<DepartmentInfo> {
  constructor(
    readonly ctx: RequestContext,
    readonly departmentId: string,
    readonly name: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterDepartmentCommand)
export class RegisterDepartmentHandler implements ICommandHandler<RegisterDepartmentCommand> {
  constructor(private readonly organisation: OrganisationService) {}
  execute(c: RegisterDepartmentCommand): Promise<DepartmentInfo> {
    return this.organisation.register(c.ctx, c.name);
  }
}

@CommandHandler(AddUnitCommand)
export class AddUnitHandler implements ICommandHandler<AddUnitCommand> {
  constructor(private readonly organisation: OrganisationService) {}
  execute(c: AddUnitCommand): Promise<DepartmentInfo> {
    return this.organisation.addUnit(c.ctx, c.departmentId, c.name);
  }
}
