import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { commandMetadata } from '../../infrastructure/command-context';
import { SheetRepository } from '../../infrastructure/repositories';
import { type SheetView, writtenSheetView } from '../../sheets/sheet-view';
import { WithdrawSheetCommand } from './withdraw-sheet.command';

@CommandHandler(WithdrawSheetCommand)
export class WithdrawSheetHandler implements ICommandHandler<WithdrawSheetCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute({ ctx, sheetId, expectedVersion, reason }: WithdrawSheetCommand): Promise<SheetView> {
    const metadata = commandMetadata(ctx);
    const data = { sheetId, ...(reason !== undefined ? { reason } : {}) };
    return writtenSheetView(await this.sheets.execute(sheetId, { type: 'WithdrawSubmission', data, metadata }, { expectedVersion }), metadata.now);
  }
}
