import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { commandMetadata } from '../../infrastructure/command-context';
import { SheetRepository } from '../../infrastructure/repositories';
import { type SheetView, writtenSheetView } from '../../sheets/sheet-view';
import { SubmitSheetCommand } from './submit-sheet.command';

@CommandHandler(SubmitSheetCommand)
export class SubmitSheetHandler implements ICommandHandler<SubmitSheetCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute({ ctx, sheetId, expectedVersion, waiverRequests }: SubmitSheetCommand): Promise<SheetView> {
    const metadata = commandMetadata(ctx);
    const data = { sheetId, ...(waiverRequests ? { waiverRequests } : {}) };
    return writtenSheetView(await this.sheets.execute(sheetId, { type: 'SubmitSheet', data, metadata }, { expectedVersion }), metadata.now);
  }
}
