import { Inject, Injectable } from '@nestjs/common';
import {
  type CommandMetadata,
  DEADLINE_EVENT_SCHEMA_VERSIONS,
  type DeadlineNoticeEvent,
  type DeadlineNoticeKey,
  deadlineNoticeStreamId,
  noticeId,
  noticeKeyOf,
  type RecordedEvent,
  upcastDeadlineEvent,
} from '@budget/domain';
import { type EventStore, type EventStoreTransaction } from '@budget/event-store';
import { EVENT_STORE, uuidFromNames } from '@budget/platform';

/** The event id of a notice: the same notice always gets the same id, so the store's unique id refuses a copy. */
export function noticeEventId(key: DeadlineNoticeKey): string {
  return uuidFromNames('deadline-notice', noticeId(key));
}

/**
 * The reminders and escalations of each review, one stream per review (review-deadlines-<reviewId>),
 * in review's store: the review's own stream stays the sign-off's, and a notice never conflicts
 * with a reviewer's decision.
 */
@Injectable()
export class DeadlineNotices {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The notices recorded for a review so far, and the stream's version to append after. */
  async recorded(reviewId: string): Promise<{ keys: DeadlineNoticeKey[]; version: number }> {
    const events = await this.store.readStream(deadlineNoticeStreamId(reviewId));
    const keys = events.map((r) => upcastDeadlineEvent(r)).flatMap((e) => (e.type === 'BatchReminderSent' ? [] : [noticeKeyOf(e)]));
    return { keys, version: events.at(-1)?.streamVersion ?? 0 };
  }

  /**
   * Appends the review's new notices after `version` with their deterministic ids; `inTransaction`
   * requests their notifications in the same transaction. A concurrent sweep that appended first
   * makes this a version conflict, and nothing is recorded or requested twice.
   */
  async append(
    reviewId: string,
    events: readonly DeadlineNoticeEvent[],
    version: number,
    metadata: CommandMetadata,
    inTransaction: (tx: EventStoreTransaction, recorded: readonly RecordedEvent[]) => Promise<void>,
  ): Promise<readonly RecordedEvent[]> {
    const { recorded } = await this.store.append(
      deadlineNoticeStreamId(reviewId),
      events.map((e) => ({
        eventId: noticeEventId(noticeKeyOf(e)),
        type: e.type,
        schemaVersion: DEADLINE_EVENT_SCHEMA_VERSIONS[e.type],
        data: e.data,
        metadata: { occurredAt: metadata.now, actor: metadata.actor, correlationId: metadata.correlationId, causationId: metadata.causationId ?? null },
      })),
      version,
      { inTransaction },
    );
    return recorded;
  }
}
