import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { commandMetadata } from '../../infrastructure/command-context';
import { SheetRepository } from '../../infrastructure/repositories';
import { type SheetView, writtenSheetView } from '../../sheets/sheet-view';
import { ReopenSheetCommand } from './reopen-sheet.command';

@CommandHandler(ReopenSheetCommand)
export class ReopenSheetHandler implements ICommandHandler<ReopenSheetCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute({ ctx, sheetId, expectedVersion, reason, publishedVersion }: ReopenSheetCommand): Promise<SheetView> {
    const metadata = commandMetadata(ctx);
    const data = { sheetId, reason, ...(publishedVersion !== undefined ? { publishedVersion } : {}) };
    return writtenSheetView(await this.sheets.execute(sheetId, { type: 'ReopenSheet', data, metadata }, { expectedVersion }), metadata.now);
  }
}
