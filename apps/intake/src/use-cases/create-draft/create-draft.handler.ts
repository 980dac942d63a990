import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@budget/domain';
import { commandMetadata } from '../../infrastructure/command-context';
import { OrganisationDirectory } from '../../infrastructure/organisation-directory';
import { SheetRepository } from '../../infrastructure/repositories';
import { type SheetView, writtenSheetView } from '../../sheets/sheet-view';
import { CreateDraftCommand } from './create-draft.command';

const unitError = (message: string) => new DomainError('VALIDATION_FAILED', '输入有误，请按提示修改', { fieldErrors: [{ field: 'unitId', message }] });

/** The unit's department comes from the directory; whether the caller may create for that unit is the sheet's policy. */
@CommandHandler(CreateDraftCommand)
export class CreateDraftHandler implements ICommandHandler<CreateDraftCommand> {
  constructor(
    private readonly sheets: SheetRepository,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ ctx, sheetId, draft }: CreateDraftCommand): Promise<SheetView> {
    if (draft.unitId === undefined && ctx.actor.role !== 'unit_clerk') throw unitError('请填写资金使用单位');
    const unitId = draft.unitId ?? ctx.actor.unitId;
    const unit = unitId ? await this.directory.unit(unitId) : null;
    if (!unit) throw unitError('未知的资金使用单位');
    const { fiscalYear, projectName, funding, goal, indicators } = draft;
    const metadata = commandMetadata(ctx);
    const created = await this.sheets.execute(
      sheetId,
      {
        type: 'CreateDraft',
        data: {
          sheetId,
          fiscalYear,
          departmentId: unit.departmentId,
          unitId: unit.unitId,
          projectName,
          funding,
          ...(goal !== undefined ? { goal } : {}),
          ...(indicators !== undefined ? { indicators } : {}),
        },
        metadata,
      },
      { expectedVersion: 0 },
    );
    return writtenSheetView(created, metadata.now);
  }
}
