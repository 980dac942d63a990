import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../infrastructure/command-context';
import type { DepartmentInfo } from '../../infrastructure/organisation-directory';

/** A fund-using unit (资金使用单位) added to a department; the published table lists units in this order. */
export class AddUnitCommand extends Command<DepartmentInfo> {
  constructor(
    readonly ctx: RequestContext,
    readonly departmentId: string,
    readonly name: string,
  ) {
    super();
  }
}
