import { Command } from '@nestjs/cqrs';
import type { Funding, IndicatorChanges, IndicatorInput } from '@budget/domain';
import type { RequestContext } from '../../infrastructure/command-context';
import type { SheetView } from '../../sheets/sheet-view';

/**
 * Editing a draft (or a sheet sent back for revision). Each command names the version the client
 * saw; a stale one is a conflict (409 with the current version) and nothing changes.
 */

/** Project name, goal and funding, any of them, in one step. */
export class EditSheetCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly changes: { readonly projectName?: string; readonly goal?: string; readonly funding?: Funding },
  ) {
    super();
  }
}

/** `position` is the 0-based index the new indicator takes; omitted, it goes last. */
export class AddIndicatorCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly indicator: IndicatorInput,
    readonly position?: number,
  ) {
    super();
  }
}

export class ChangeIndicatorCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly indicatorId: string,
    readonly changes: IndicatorChanges,
  ) {
    super();
  }
}

export class RemoveIndicatorCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly indicatorId: string,
  ) {
    super();
  }
}

export class ReorderIndicatorsCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly indicatorIds: readonly string[],
  ) {
    super();
  }
}
