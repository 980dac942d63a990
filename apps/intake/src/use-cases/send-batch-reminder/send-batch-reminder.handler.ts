import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authorize, DomainError, mayBatchRemind } from '@budget/domain';
import { commandMetadata } from '../../infrastructure/command-context';
import { OrganisationDirectory } from '../../infrastructure/organisation-directory';
import { BatchReminderRepository } from '../../infrastructure/repositories';
import { SheetReadModel } from '../../infrastructure/sheet-read-model';
import { EDITABLE_STATUSES } from '../fill-template/download-template.handler';
import { type BatchReminderResult, SendBatchReminderCommand } from './send-batch-reminder.command';

/**
 * Reads the department's open drafts of the year and appends BatchReminderSent, which intake's
 * outbox publishes; the review service turns it into one notification per unit. The caller is
 * refused before anything is read.
 */
@CommandHandler(SendBatchReminderCommand)
export class SendBatchReminderHandler implements ICommandHandler<SendBatchReminderCommand> {
  constructor(
    private readonly reminders: BatchReminderRepository,
    private readonly readModel: SheetReadModel,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ ctx, departmentId, request }: SendBatchReminderCommand): Promise<BatchReminderResult> {
    authorize(mayBatchRemind(ctx.actor, departmentId));
    const department = await this.directory.department(departmentId);
    if (!department) throw new DomainError('NOT_FOUND', '部门不存在');
    const { fiscalYear, deadline, message } = request;
    const batchId = request.batchId ?? ctx.correlationId;
    const openDrafts = await this.readModel.draftsOf(departmentId, fiscalYear, EDITABLE_STATUSES);
    const { events } = await this.reminders.execute({
      type: 'SendBatchReminder',
      data: { batchId, departmentId, departmentName: department.name, fiscalYear, deadline, ...(message !== undefined ? { message } : {}), openDrafts },
      metadata: commandMetadata(ctx),
    });
    const sent = events[0];
    const unitName = (unitId: string) => department.units.find((u) => u.unitId === unitId)?.name ?? unitId;
    const units = (sent?.data.units ?? []).map((u) => ({ unitId: u.unitId, unitName: unitName(u.unitId), drafts: u.sheetIds.length }));
    return {
      batchId,
      departmentId,
      fiscalYear,
      deadline,
      outcome: sent ? 'sent' : 'already-sent',
      counts: { units: units.length, drafts: units.reduce((n, u) => n + u.drafts, 0) },
      units,
    };
  }
}
