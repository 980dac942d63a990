import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type BatchReminderSent } from '@budget/domain';
import { Notifier } from '@budget/notifications';
import { type Sql } from '../../infrastructure/database';
import { UnitNames } from '../../infrastructure/unit-names';
import { NOTIFIER } from '../../notifications/review-notifications';

/** 催办 recorded by intake: each unit it names hears of it. */
export class NotifyBatchReminderCommand extends Command<number> {
  constructor(
    readonly eventId: string,
    readonly sent: BatchReminderSent['data'],
    readonly transaction: Sql,
  ) {
    super();
  }
}

/** The source of one unit's notification: the event and the unit, so a department's webhook hears every unit once. */
export const batchReminderSourceId = (eventId: string, unitId: string): string => `${eventId}:${unitId}`;

/**
 * One notification per unit to its clerks, in the consumer's transaction. Its ids follow from the
 * event id, so a message handled twice (redelivered, replayed from the dead letters) adds nothing.
 */
@CommandHandler(NotifyBatchReminderCommand)
export class NotifyBatchReminderHandler implements ICommandHandler<NotifyBatchReminderCommand> {
  constructor(
    @Inject(NOTIFIER) private readonly notifier: Notifier,
    private readonly unitNames: UnitNames,
  ) {}

  async execute({ eventId, sent, transaction }: NotifyBatchReminderCommand): Promise<number> {
    let requested = 0;
    for (const unit of sent.units) {
      const unitName = await this.unitNames.nameOf(unit.unitId, transaction);
      const { inserted } = await this.notifier.request(transaction, {
        kind: 'batch_reminder',
        sourceEventId: batchReminderSourceId(eventId, unit.unitId),
        unit: { departmentId: sent.departmentId, unitId: unit.unitId, ...(unitName !== undefined ? { unitName } : {}) },
        fiscalYear: sent.fiscalYear,
        deadline: sent.deadline,
        sheetIds: unit.sheetIds,
        text: unit.text,
        ...(sent.message !== null ? { message: sent.message } : {}),
      });
      requested += inserted.length;
    }
    return requested;
  }
}
