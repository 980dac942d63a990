import { Command } from '@nestjs/cqrs';
import type { WaiverRequest } from '@budget/domain';
import type { RequestContext } from '../../infrastructure/command-context';
import type { SheetView } from '../../sheets/sheet-view';

/** Sends the sheet up for review, optionally asking to waive named blocking findings. */
export class SubmitSheetCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly waiverRequests?: readonly WaiverRequest[],
  ) {
    super();
  }
}
