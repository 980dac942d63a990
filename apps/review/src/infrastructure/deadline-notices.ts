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

/** A review's notices so far: their keys and the version of its notice stream. */
export interface RecordedNotices {
  readonly keys: DeadlineNoticeKey[];
  readonly version: number;
}

/** Reviews whose notice streams one read of recordedMany covers. */
const RECORDED_PAGE = 5_000;

function recordedOf(events: readonly RecordedEvent[]): RecordedNotices {
  const keys = events.map((r) => upcastDeadlineEvent(r)).flatMap((e) => (e.type === 'BatchReminderSent' ? [] : [noticeKeyOf(e)]));
  return { keys, version: events.at(-1)?.streamVersion ?? 0 };
}

/**
 * The reminders and escalations of each review, one stream per review (review-deadlines-<reviewId>),
 * in review's store: the review's own stream stays the sign-off's, and a notice never conflicts
 * with a reviewer's decision.
 */
@Injectable()
export class DeadlineNotices {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The notices recorded for each review so far and the version of its stream to append after, by
   * review id, in one read per RECORDED_PAGE reviews: the sweep asks
   * this of every open task, tens of thousands in a city, every minute.
   */
  async recordedMany(reviewIds: readonly string[]): Promise<Map<string, RecordedNotices>> {
    const recorded = new Map<string, RecordedNotices>();
    const unique = [...new Set(reviewIds)];
    for (let i = 0; i < unique.length; i += RECORDED_PAGE) {
      const page = unique.slice(i, i + RECORDED_PAGE);
      const streams = await this.store.readStreams(page.map(deadlineNoticeStreamId));
      for (const reviewId of page) recorded.set(reviewId, recordedOf(streams.get(deadlineNoticeStreamId(reviewId)) ?? []));
    }
    return recorded;
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
