import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@budget/domain';
import { commandMetadata } from '../../infrastructure/command-context';
import type { DepartmentInfo } from '../../infrastructure/organisation-directory';
import { DepartmentRepository } from '../../infrastructure/repositories';
import { ensureUnit } from '../../organisation/organisation';
import { AddUnitCommand } from './add-unit.command';

/** Adds the unit; a unit of that name in the department is refused (409). Who may add is the department's policy (mayAddUnit). */
@CommandHandler(AddUnitCommand)
export class AddUnitHandler implements ICommandHandler<AddUnitCommand> {
  constructor(private readonly departments: DepartmentRepository) {}

  async execute({ ctx, departmentId, name }: AddUnitCommand): Promise<DepartmentInfo> {
    const { department, created } = await ensureUnit(this.departments, commandMetadata(ctx), departmentId, name);
    if (!created) throw new DomainError('ALREADY_EXISTS', `单位“${name.trim()}”已存在`);
    return department;
  }
}
