import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../infrastructure/command-context';
import type { SheetView } from '../../sheets/sheet-view';

/** Finance reopens an approved (frozen) sheet for changes; the reason is recorded. */
export class ReopenSheetCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly reason: string,
    /** Reopened after publication (reporting's reopen-published-sheet): the published version it is reopened from. */
    readonly publishedVersion?: number,
  ) {
    super();
  }
}
