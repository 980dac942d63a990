import { allow, authorize, deny, type PolicyDecision } from '../core/policy';
import { chinaDateOf, isCalendarDate } from '../calendar/working-days';
import { CALENDAR_MESSAGES } from '../calendar/calendar.labels';
import { DomainError } from '../errors';
import { type Actor } from '../events/envelope';
import { throwIfInvalid } from '../sheet/field-checks';
import { DEADLINE_MESSAGES, DEADLINE_TEXTS } from './deadlines.labels';
import { type BatchReminderSent, type SendBatchReminder } from './deadlines.types';

/**
 * 催办 as a decider on the stream `batch-reminders-<departmentId>-<fiscalYear>`: its state is the
 * batch ids already sent, so a retried request (same batchId) records nothing a second time.
 */
export const MAX_BATCH_MESSAGE_LENGTH = 200;

export function batchReminderStreamId(departmentId: string, fiscalYear: number): string {
  return `batch-reminders-${departmentId}-${fiscalYear}`;
}

export interface BatchReminderState {
  readonly sent: ReadonlySet<string>;
}

export function initialBatchReminderState(): BatchReminderState {
  return { sent: new Set() };
}

export function mayBatchRemind(actor: Actor, departmentId: string): PolicyDecision {
  return actor.role === 'department_reviewer' && actor.departmentId === departmentId ? allow : deny(DEADLINE_MESSAGES.mayBatchRemind);
}

export function decideBatchReminder(command: SendBatchReminder, state: BatchReminderState): BatchReminderSent[] {
  const { batchId, departmentId, departmentName, fiscalYear, deadline, message, openDrafts } = command.data;
  const { actor, now } = command.metadata;
  authorize(mayBatchRemind(actor, departmentId));
  if (state.sent.has(batchId)) return [];
  const note = message?.trim() ?? '';
  throwIfInvalid([
    ...(isCalendarDate(deadline) ? [] : [{ field: 'deadline', message: CALENDAR_MESSAGES.invalidDate }]),
    ...(note.length > MAX_BATCH_MESSAGE_LENGTH ? [{ field: 'message', message: DEADLINE_MESSAGES.messageTooLong(MAX_BATCH_MESSAGE_LENGTH) }] : []),
  ]);
  if (deadline < chinaDateOf(now)) throw new DomainError('ILLEGAL_STATE', DEADLINE_MESSAGES.deadlinePassed, { deadline });
  const byUnit = new Map<string, string[]>();
  for (const draft of openDrafts) byUnit.set(draft.unitId, [...(byUnit.get(draft.unitId) ?? []), draft.sheetId]);
  if (byUnit.size === 0) throw new DomainError('ILLEGAL_STATE', DEADLINE_MESSAGES.noOpenDrafts);
  const units = [...byUnit].map(([unitId, sheetIds]) => ({ unitId, sheetIds, text: DEADLINE_TEXTS.batchReminder(departmentName, fiscalYear, deadline, sheetIds.length) }));
  return [{ type: 'BatchReminderSent', data: { batchId, departmentId, fiscalYear, deadline, message: note === '' ? null : note, units, by: actor.id, at: now } }];
}

export function evolveBatchReminder(state: BatchReminderState, event: BatchReminderSent): BatchReminderState {
  return { sent: new Set([...state.sent, event.data.batchId]) };
}

export const batchReminderDecider = {
  decide: decideBatchReminder,
  evolve: evolveBatchReminder,
  initialState: initialBatchReminderState,
} as const;
