import { Query } from '@nestjs/cqrs';
import type { Actor, PublishedVersion } from '@budget/domain';

/** Version n of a department's publication of a year, exactly as sealed. */
export class ExportPublishedQuery extends Query<{ departmentName: string; published: PublishedVersion }> {
  constructor(
    readonly actor: Actor,
    readonly departmentId: string,
    readonly fiscalYear: number,
    readonly version: number,
  ) {
    super();
  }
}
