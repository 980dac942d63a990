import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../infrastructure/command-context';

export interface CarriedSheet {
  readonly originId: string;
  readonly sheetId: string;
  readonly projectName: string;
  readonly outcome: 'carried' | 'already-carried';
}

export interface CarryForwardSummary {
  readonly departmentId: string;
  readonly fromYear: number;
  readonly toYear: number;
  readonly counts: { readonly carried: number; readonly alreadyCarried: number };
  readonly sheets: readonly CarriedSheet[];
}

/** 持续性项目 of a whole department: every approved sheet of `fromYear`, each into a draft of the next year. */
export class CarryForwardDepartmentCommand extends Command<CarryForwardSummary> {
  constructor(
    readonly ctx: RequestContext,
    readonly departmentId: string,
    readonly fromYear: number,
  ) {
    super();
  }
}
