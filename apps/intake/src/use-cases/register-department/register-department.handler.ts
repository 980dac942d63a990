import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@budget/domain';
import { commandMetadata } from '../../infrastructure/command-context';
import type { DepartmentInfo } from '../../infrastructure/organisation-directory';
import { DepartmentRepository } from '../../infrastructure/repositories';
import { ensureDepartment } from '../../organisation/organisation';
import { RegisterDepartmentCommand } from './register-department.command';

/** Registers a department under the id its name gives; a name registered before is refused (409). */
@CommandHandler(RegisterDepartmentCommand)
export class RegisterDepartmentHandler implements ICommandHandler<RegisterDepartmentCommand> {
  constructor(private readonly departments: DepartmentRepository) {}

  async execute({ ctx, name }: RegisterDepartmentCommand): Promise<DepartmentInfo> {
    const { department, created } = await ensureDepartment(this.departments, commandMetadata(ctx), name);
    if (!created) throw new DomainError('ALREADY_EXISTS', `部门“${department.name}”已登记`, { departmentId: department.departmentId });
    return department;
  }
}
