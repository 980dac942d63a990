import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, type SheetCommand } from '@budget/domain';
import { commandMetadata } from '../../infrastructure/command-context';
import { SheetRepository } from '../../infrastructure/repositories';
import { type SheetView, writtenSheetView } from '../../sheets/sheet-view';
import { AddIndicatorCommand, ChangeIndicatorCommand, EditSheetCommand, RemoveIndicatorCommand, ReorderIndicatorsCommand } from './edit-sheet.commands';

// Who may edit, in which state, is the sheet decider's (mayEditSheet): each handler loads, decides, appends.

@CommandHandler(EditSheetCommand)
export class EditSheetHandler implements ICommandHandler<EditSheetCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute({ ctx, sheetId, expectedVersion, changes }: EditSheetCommand): Promise<SheetView> {
    const metadata = commandMetadata(ctx);
    const { projectName, goal, funding } = changes;
    const commands: SheetCommand[] = [];
    if (projectName !== undefined) commands.push({ type: 'RenameProject', data: { sheetId, projectName }, metadata });
    if (goal !== undefined) commands.push({ type: 'ChangeGoal', data: { sheetId, goal }, metadata });
    if (funding !== undefined) commands.push({ type: 'ChangeFunding', data: { sheetId, funding }, metadata });
    if (commands.length === 0) throw new DomainError('VALIDATION_FAILED', '没有要修改的内容');
    return writtenSheetView(await this.sheets.execute(sheetId, commands, { expectedVersion }), metadata.now);
  }
}

@CommandHandler(AddIndicatorCommand)
export class AddIndicatorHandler implements ICommandHandler<AddIndicatorCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute({ ctx, sheetId, expectedVersion, indicator, position }: AddIndicatorCommand): Promise<SheetView> {
    const metadata = commandMetadata(ctx);
    const data = { ...indicator, sheetId, ...(position !== undefined ? { position } : {}) };
    return writtenSheetView(await this.sheets.execute(sheetId, { type: 'AddIndicator', data, metadata }, { expectedVersion }), metadata.now);
  }
}

@CommandHandler(ChangeIndicatorCommand)
export class ChangeIndicatorHandler implements ICommandHandler<ChangeIndicatorCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute({ ctx, sheetId, expectedVersion, indicatorId, changes }: ChangeIndicatorCommand): Promise<SheetView> {
    const metadata = commandMetadata(ctx);
    const written = await this.sheets.execute(sheetId, { type: 'ChangeIndicator', data: { sheetId, indicatorId, changes }, metadata }, { expectedVersion });
    return writtenSheetView(written, metadata.now);
  }
}

@CommandHandler(RemoveIndicatorCommand)
export class RemoveIndicatorHandler implements ICommandHandler<RemoveIndicatorCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute({ ctx, sheetId, expectedVersion, indicatorId }: RemoveIndicatorCommand): Promise<SheetView> {
    const metadata = commandMetadata(ctx);
    const written = await this.sheets.execute(sheetId, { type: 'RemoveIndicator', data: { sheetId, indicatorId }, metadata }, { expectedVersion });
    return writtenSheetView(written, metadata.now);
  }
}

@CommandHandler(ReorderIndicatorsCommand)
export class ReorderIndicatorsHandler implements ICommandHandler<ReorderIndicatorsCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute({ ctx, sheetId, expectedVersion, indicatorIds }: ReorderIndicatorsCommand): Promise<SheetView> {
    const metadata = commandMetadata(ctx);
    const written = await this.sheets.execute(sheetId, { type: 'ReorderIndicators', data: { sheetId, indicatorIds }, metadata }, { expectedVersion });
    return writtenSheetView(written, metadata.now);
  }
}
