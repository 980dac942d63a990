import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../infrastructure/command-context';
import type { SheetView } from '../../sheets/sheet-view';

/** Takes a submission back, only before the review has started. */
export class WithdrawSheetCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly reason?: string,
  ) {
    super();
  }
}
