import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authorize, DomainError, mayCarryForwardDepartment } from '@budget/domain';
import { OrganisationDirectory } from '../../infrastructure/organisation-directory';
import { SheetRepository } from '../../infrastructure/repositories';
import { SheetReadModel } from '../../infrastructure/sheet-read-model';
import { carriedSheetId } from '../carry-forward-sheet/carry-forward-sheet.command';
import { carryForward } from '../carry-forward-sheet/carry-forward-sheet.handler';
import { type CarriedSheet, CarryForwardDepartmentCommand, type CarryForwardSummary } from './carry-forward-department.command';

/**
 * One carry per approved sheet, each its own stream and transaction, as the single route does it:
 * a sheet carried before (by its clerk, or an earlier run of this) is reported, not copied again,
 * so running it twice changes nothing the second time.
 */
@CommandHandler(CarryForwardDepartmentCommand)
export class CarryForwardDepartmentHandler implements ICommandHandler<CarryForwardDepartmentCommand> {
  constructor(
    private readonly sheets: SheetRepository,
    private readonly readModel: SheetReadModel,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ ctx, departmentId, fromYear }: CarryForwardDepartmentCommand): Promise<CarryForwardSummary> {
    authorize(mayCarryForwardDepartment(ctx.actor, departmentId));
    if (!(await this.directory.department(departmentId))) throw new DomainError('NOT_FOUND', '部门不存在');
    const toYear = fromYear + 1;
    const carried: CarriedSheet[] = [];
    for (const originId of await this.readModel.idsOf(departmentId, fromYear, 'approved')) {
      try {
        const draft = await carryForward(this.sheets, ctx, originId);
        carried.push({ originId, sheetId: draft.sheetId, projectName: draft.projectName, outcome: 'carried' });
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'ALREADY_EXISTS')) throw e;
        const { state } = await this.sheets.load(originId);
        carried.push({ originId, sheetId: carriedSheetId(originId, toYear), projectName: state.status === 'empty' ? '' : state.content.projectName, outcome: 'already-carried' });
      }
    }
    const count = (outcome: CarriedSheet['outcome']) => carried.filter((s) => s.outcome === outcome).length;
    return { departmentId, fromYear, toYear, counts: { carried: count('carried'), alreadyCarried: count('already-carried') }, sheets: carried };
  }
}
