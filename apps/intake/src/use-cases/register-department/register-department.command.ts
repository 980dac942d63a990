import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../infrastructure/command-context';
import type { DepartmentInfo } from '../../infrastructure/organisation-directory';

export class RegisterDepartmentCommand extends Command<DepartmentInfo> {
  constructor(
    readonly ctx: RequestContext,
    readonly name: string,
  ) {
    super();
  }
}
