import { Inject, Injectable } from '@nestjs/common';
import {
  type DeadlineNoticeEvent,
  type ExistingReview,
  type RecordedEvent,
  SIGN_OFF_LEVEL_NAMES,
  SIGN_OFF_LEVEL_ROLES,
  type SignOffLevel,
  SUPERVISOR_POST_LABELS,
  upcastReviewEvent,
} from '@budget/domain';
import { type NotificationRequest, Notifier, type RecipientDirectory, type ReviewLevel, type SheetRef } from '@budget/notifications';
import type { EventStoreTransaction } from '@budget/event-store';
import { UnitNames } from '../infrastructure/unit-names';

export const NOTIFIER = Symbol('NOTIFIER');
/** Where recipients are looked up (PostgresRecipientDirectory in the service). */
export const RECIPIENT_DIRECTORY = Symbol('RECIPIENT_DIRECTORY');

export function taskIdOf(reviewId: string, level: SignOffLevel): string {
  return `${reviewId}:${level}`;
}

function reviewLevel(review: Pick<ExistingReview, 'departmentId' | 'unitId'>, level: SignOffLevel): ReviewLevel {
  return {
    levelId: level,
    name: SIGN_OFF_LEVEL_NAMES[level],
    role: SIGN_OFF_LEVEL_ROLES[level],
    ...(level === 'finance' ? {} : { departmentId: review.departmentId }),
    ...(level === 'unit_head' ? { unitId: review.unitId } : {}),
  };
}

/**
 * Notification requests derived from the review's new events (and from the deadline sweep's notices), written in the append's
 * transaction: ids come from the event ids, so a redelivery or a replay never notifies twice,
 * and a rolled-back decision notifies nobody.
 */
@Injectable()
export class ReviewNotifications {
  constructor(
    @Inject(NOTIFIER) private readonly notifier: Notifier,
    private readonly unitNames: UnitNames,
    @Inject(RECIPIENT_DIRECTORY) private readonly directory: RecipientDirectory,
  ) {}

  private async sheetRef(
    tx: EventStoreTransaction,
    review: Pick<ExistingReview, 'sheetId' | 'projectName' | 'fiscalYear' | 'departmentId' | 'unitId'>,
    known?: { readonly name: string | undefined },
  ): Promise<SheetRef> {
    const unitName = known ? known.name : await this.unitNames.nameOf(review.unitId, tx);
    return {
      ...(unitName !== undefined ? { unitName } : {}),
      sheetId: review.sheetId,
      projectName: review.projectName,
      fiscalYear: review.fiscalYear,
      departmentId: review.departmentId,
      unitId: review.unitId,
    };
  }

  /**
   * The notification of a recorded reminder or escalation (the deadline sweep's), keyed by its
   * event id, in the transaction that recorded it. A reminder goes to the level's reviewers at once;
   * an escalation to the holders of the supervisor's post for the department, or, when nobody is
   * registered for it, to the level's reviewers, and the text says which.
   */
  async requestDeadlineNotice(tx: EventStoreTransaction, recorded: RecordedEvent, event: DeadlineNoticeEvent): Promise<void> {
    const d = event.data;
    const sheet = await this.sheetRef(tx, d);
    const common = { sourceEventId: recorded.eventId, sheet, taskId: taskIdOf(d.reviewId, d.level), level: reviewLevel(d, d.level), dueAt: d.dueAt, text: d.text, decidedAt: d.at };
    if (event.type === 'LevelTaskReminded') {
      await this.notifier.request(tx, { kind: 'deadline_reminder', ...common });
      return;
    }
    const { post, departmentId } = event.data.supervisor;
    const holders = await this.directory.recipients({ type: 'supervisors', post, departmentId }, tx);
    await this.notifier.request(tx, { kind: 'deadline_escalation', ...common, supervisor: { post, name: SUPERVISOR_POST_LABELS[post], departmentId, registered: holders.length > 0 } });
  }

  /** `unitName`: the unit's name as the caller read it in this transaction (open-review does), saving the look-up. */
  async request(tx: EventStoreTransaction, review: ExistingReview, recorded: readonly RecordedEvent[], unitName?: { readonly name: string | undefined }): Promise<void> {
    const sheet = await this.sheetRef(tx, review, unitName);
    // The requests of one append are planned together: one directory lookup, one insert. Reminders
    // and escalations are the deadline sweep's (working days, once each, sent when decided), so
    // nothing is scheduled when a task opens and nothing is left to cancel when it closes.
    const pending: NotificationRequest[] = [];
    for (const r of recorded) {
      const event = upcastReviewEvent(r);
      const sourceEventId = r.eventId;
      switch (event.type) {
        case 'LevelTaskOpened': {
          const { level, dueAt } = event.data;
          pending.push({ kind: 'task_waiting', sourceEventId, sheet, taskId: taskIdOf(review.reviewId, level), level: reviewLevel(review, level), dueAt });
          break;
        }
        case 'ReviewRevisionRequested':
          pending.push({
            kind: 'revision_requested',
            sourceEventId,
            sheet,
            reason: event.data.reasons.map((x) => x.message).join('；'),
            requestedBy: event.data.automatic ? '自动审核' : (r.actor.name ?? r.actor.id),
          });
          break;
        case 'ReviewApproved':
          pending.push({
            kind: 'final_decision',
            sourceEventId,
            sheet,
            decision: 'approved',
            grade: event.data.grade,
            ...(event.data.conditions ? { reason: event.data.conditions } : {}),
          });
          break;
        case 'ReviewRejected':
          pending.push({ kind: 'final_decision', sourceEventId, sheet, decision: 'rejected', grade: event.data.grade, reason: event.data.reason });
          break;
        case 'LevelApproved':
        case 'ReviewCancelled':
        case 'ReviewOpened':
        case 'FindingsRecorded':
        case 'WarningsAcknowledged':
        case 'WaiverDecided':
          break;
      }
    }
    if (pending.length > 0) await this.notifier.requestAll(tx, pending);
  }
}
