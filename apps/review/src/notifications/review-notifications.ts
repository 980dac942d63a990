import { Inject, Injectable } from '@nestjs/common';
import {
  type ExistingReview,
  type RecordedEvent,
  SIGN_OFF_LEVEL_NAMES,
  SIGN_OFF_LEVEL_ROLES,
  type SignOffLevel,
  upcastReviewEvent,
} from '@budget/domain';
import { deadlineCancelKey, deadlineRequests, type NotificationRequest, Notifier, type ReviewLevel, type SheetRef } from '@budget/notifications';
import type { EventStoreTransaction } from '@budget/event-store';
import { UnitNames } from '../infrastructure/unit-names';

export const NOTIFIER = Symbol('NOTIFIER');

export function taskIdOf(reviewId: string, level: SignOffLevel): string {
  return `${reviewId}:${level}`;
}

function reviewLevel(review: ExistingReview, level: SignOffLevel): ReviewLevel {
  return {
    levelId: level,
    name: SIGN_OFF_LEVEL_NAMES[level],
    role: SIGN_OFF_LEVEL_ROLES[level],
    ...(level === 'finance' ? {} : { departmentId: review.departmentId }),
    ...(level === 'unit_head' ? { unitId: review.unitId } : {}),
  };
}

/**
 * Notification requests derived from the review's new events, written in the append's
 * transaction: ids come from the event ids, so a redelivery or a replay never notifies twice,
 * and a rolled-back decision notifies nobody.
 */
@Injectable()
export class ReviewNotifications {
  constructor(
    @Inject(NOTIFIER) private readonly notifier: Notifier,
    private readonly unitNames: UnitNames,
  ) {}

  async request(tx: EventStoreTransaction, review: ExistingReview, recorded: readonly RecordedEvent[]): Promise<void> {
    const unitName = await this.unitNames.nameOf(review.unitId, tx);
    const sheet: SheetRef = {
      ...(unitName !== undefined ? { unitName } : {}),
      sheetId: review.sheetId,
      projectName: review.projectName,
      fiscalYear: review.fiscalYear,
      departmentId: review.departmentId,
      unitId: review.unitId,
    };
    // Requests are planned together (one directory lookup, one insert); a cancel goes out after the requests before it, as the events are ordered.
    const pending: NotificationRequest[] = [];
    const flush = async (): Promise<void> => {
      if (pending.length > 0) await this.notifier.requestAll(tx, pending.splice(0));
    };
    const cancel = async (key: string): Promise<void> => {
      await flush();
      await this.notifier.cancel(tx, key);
    };
    for (const r of recorded) {
      const event = upcastReviewEvent(r);
      const sourceEventId = r.eventId;
      switch (event.type) {
        case 'LevelTaskOpened': {
          const { level, dueAt } = event.data;
          const taskId = taskIdOf(review.reviewId, level);
          const next = review.chain[review.chain.findIndex((l) => l.level === level) + 1];
          pending.push({ kind: 'task_waiting', sourceEventId, sheet, taskId, level: reviewLevel(review, level), dueAt });
          pending.push(
            ...deadlineRequests({
              sourceEventId,
              sheet,
              taskId,
              level: reviewLevel(review, level),
              dueAt,
              ...(next ? { escalateTo: reviewLevel(review, next.level) } : {}),
            }),
          );
          break;
        }
        case 'LevelApproved':
          await cancel(deadlineCancelKey(taskIdOf(review.reviewId, event.data.level)));
          break;
        case 'ReviewRevisionRequested':
          if (event.data.level !== null) await cancel(deadlineCancelKey(taskIdOf(review.reviewId, event.data.level)));
          pending.push({
            kind: 'revision_requested',
            sourceEventId,
            sheet,
            reason: event.data.reasons.map((x) => x.message).join('；'),
            requestedBy: event.data.automatic ? '自动审核' : (r.actor.name ?? r.actor.id),
          });
          break;
        case 'ReviewApproved':
          await cancel(deadlineCancelKey(taskIdOf(review.reviewId, event.data.level)));
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
          await cancel(deadlineCancelKey(taskIdOf(review.reviewId, event.data.level)));
          pending.push({ kind: 'final_decision', sourceEventId, sheet, decision: 'rejected', grade: event.data.grade, reason: event.data.reason });
          break;
        case 'ReviewCancelled':
          for (const task of review.tasks) await cancel(deadlineCancelKey(taskIdOf(review.reviewId, task.level)));
          break;
        case 'ReviewOpened':
        case 'FindingsRecorded':
        case 'WarningsAcknowledged':
        case 'WaiverDecided':
          break;
      }
    }
    await flush();
  }
}
