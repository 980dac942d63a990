import { Command } from '@nestjs/cqrs';
import { uuidFromNames } from '@budget/platform';
import type { RequestContext } from '../../infrastructure/command-context';
import type { SheetView } from '../../sheets/sheet-view';

/**
 * The id of next year's sheet of a continuing project: the same origin and year always give the
 * same id, so carrying the same sheet forward twice finds the first one instead of making another.
 */
export const carriedSheetId = (originId: string, fiscalYear: number): string => uuidFromNames('carry-forward', originId, String(fiscalYear));

/** 持续性项目: next year's draft of an approved sheet, its content copied and its origin recorded. */
export class CarryForwardSheetCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly originId: string,
  ) {
    super();
  }
}
