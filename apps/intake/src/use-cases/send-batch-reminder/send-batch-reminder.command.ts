import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../infrastructure/command-context';

export interface BatchReminderResult {
  readonly batchId: string;
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly deadline: string;
  /** `already-sent`: the batch went out before (a retried request); nothing was sent again. */
  readonly outcome: 'sent' | 'already-sent';
  readonly counts: { readonly units: number; readonly drafts: number };
  readonly units: readonly { readonly unitId: string; readonly unitName: string; readonly drafts: number }[];
}

/** 催办: the department's reviewer reminds every unit with drafts still open (draft, sent back) before the deadline. */
export class SendBatchReminderCommand extends Command<BatchReminderResult> {
  constructor(
    readonly ctx: RequestContext,
    readonly departmentId: string,
    readonly request: { readonly fiscalYear: number; readonly deadline: string; readonly message?: string; readonly batchId?: string },
  ) {
    super();
  }
}
