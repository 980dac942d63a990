import { Command } from '@nestjs/cqrs';
import type { TableIssue } from '@budget/domain';
import type { RequestContext } from '../../infrastructure/command-context';
import type { ImportSource } from '@budget/table-files';

export type { ImportSource } from '@budget/table-files';

export interface ImportSummary {
  readonly importId: string;
  readonly fiscalYear: number;
  readonly department: { readonly departmentId: string; readonly name: string; readonly created: boolean };
  readonly units: readonly {
    readonly unitId: string;
    readonly name: string;
    readonly total: string;
    readonly totalFen: number;
    readonly projectCount: number;
    readonly created: boolean;
  }[];
  readonly grandTotal: string;
  readonly grandTotalFen: number;
  readonly projects: { readonly read: number; readonly created: number; readonly alreadyPresent: number };
  readonly sheets: readonly { readonly sheetId: string; readonly unit: string; readonly projectName: string; readonly total: string; readonly outcome: 'created' | 'already-present' }[];
  readonly issues: readonly TableIssue[];
}

/** A published table (项目支出绩效目标表) of a fiscal year, as text or as an .xlsx workbook. */
export class ImportTableCommand extends Command<ImportSummary> {
  constructor(
    readonly ctx: RequestContext,
    readonly source: ImportSource,
    readonly fiscalYear: number,
  ) {
    super();
  }
}
