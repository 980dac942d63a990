import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../infrastructure/command-context';

export type TemplateOutcome = 'created' | 'updated' | 'unchanged' | 'conflict' | 'rejected';

export interface TemplateProjectResult {
  readonly rows: { readonly from: number; readonly to: number };
  readonly projectName: string;
  readonly sheetId: string | null;
  readonly outcome: TemplateOutcome;
  readonly message: string | null;
  readonly downloadedVersion: number | null;
  readonly currentVersion: number | null;
  readonly version: number | null;
}

export interface TemplateUploadResult {
  readonly fiscalYear: number;
  readonly unitId: string;
  readonly counts: { readonly created: number; readonly updated: number; readonly unchanged: number; readonly conflicts: number; readonly rejected: number };
  readonly projects: readonly TemplateProjectResult[];
}

/** A filled 填报模板: creates or updates the unit's drafts, each project decided on its own. */
export class UploadTemplateCommand extends Command<TemplateUploadResult> {
  constructor(
    readonly ctx: RequestContext,
    readonly workbook: Buffer,
    readonly unitId: string | undefined,
  ) {
    super();
  }
}
