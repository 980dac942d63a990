import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../publication-context';

export interface ReopenedAnswer {
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly sheetId: string;
  readonly publishedVersion: number;
  readonly reason: string;
  /** The sheet's version in intake after it reopened. */
  readonly sheetVersion: number;
}

/** Finance reopens a sheet of the latest published version, with a reason; the sheet goes through sign-off again. */
export class ReopenPublishedSheetCommand extends Command<ReopenedAnswer> {
  constructor(
    readonly ctx: RequestContext & { readonly authorization: string },
    readonly departmentId: string,
    readonly fiscalYear: number,
    readonly sheetId: string,
    readonly reason: string,
  ) {
    super();
  }
}
