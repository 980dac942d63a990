import { Query } from '@nestjs/cqrs';
import type { Actor } from '@budget/domain';

export interface TemplateFile {
  readonly bytes: Buffer;
  readonly fileName: string;
}

/** A unit's editable drafts of a year as the 填报模板 (.xlsx). */
export class DownloadTemplateQuery extends Query<TemplateFile> {
  constructor(
    readonly actor: Actor,
    readonly fiscalYear: number,
    readonly unitId: string | undefined,
  ) {
    super();
  }
}
