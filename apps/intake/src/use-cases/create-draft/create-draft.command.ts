import { Command } from '@nestjs/cqrs';
import type { Funding, IndicatorInput } from '@budget/domain';
import type { RequestContext } from '../../infrastructure/command-context';
import type { SheetView } from '../../sheets/sheet-view';

export interface DraftInput {
  readonly fiscalYear: number;
  /** The unit the draft is for; a clerk's own unit when absent. */
  readonly unitId?: string;
  readonly projectName: string;
  readonly funding: Funding;
  readonly goal?: string;
  readonly indicators?: readonly IndicatorInput[];
}

/** A new draft for a project of a unit, under the id the caller chose. */
export class CreateDraftCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly draft: DraftInput,
  ) {
    super();
  }
}
