import { Command } from '@nestjs/cqrs';
import type { PublicationKind } from '@budget/domain';
import type { RequestContext } from '../publication-context';

export interface PublishedAnswer {
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly version: number;
  readonly kind: PublicationKind;
  readonly label: string;
  readonly checksum: string;
  readonly globalPosition: string;
}

/** A department reviewer publishes the department's consolidated table of a fiscal year (公开), or a correction (更正). */
export class PublishTableCommand extends Command<PublishedAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly departmentId: string,
    readonly fiscalYear: number,
    readonly exclusions: readonly { readonly sheetId: string; readonly reason: string }[],
    readonly reason: string | undefined,
  ) {
    super();
  }
}
