import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, type DeadlineNoticeEvent, deadlineNoticesDue, type FlaggedTask } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { DEADLINES_CONFIG, type DeadlinesConfig } from '../../deadlines/deadlines.config';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { DeadlineNotices } from '../../infrastructure/deadline-notices';
import { ReviewNotifications } from '../../notifications/review-notifications';
import { ReviewsQueries } from '../../reviews/reviews.queries';

/** Who records the notices: the service itself, as in the review's automatic decisions. */
export const DEADLINE_SWEEPER: Actor = { id: 'review-service', role: 'system', name: '期限督办' };

export interface SweepResult {
  readonly at: string;
  readonly openTasks: number;
  readonly reminded: number;
  readonly escalated: number;
  /** Tasks whose reminder day lies in a year the calendar has not published: nothing guessed. */
  readonly flagged: readonly FlaggedTask[];
  /** Reviews whose notices another sweep recorded first (a concurrent run): nothing appended twice. */
  readonly skipped: number;
}

/**
 * One run of the deadline sweep at `now`: the open level tasks, the notices recorded so far, the
 * region's calendar → the reminders and escalations due (deadlineNoticesDue, pure and idempotent),
 * each appended to review-deadlines-<reviewId> with a deterministic id and its notifications
 * requested in the same transaction, keyed by the event id. Run again, at once or after a restart,
 * it records nothing new.
 */
export class SweepDeadlinesCommand extends Command<SweepResult> {
  constructor(
    readonly now: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** PostgreSQL's unique_violation: the deterministic event id already stored (the backstop behind the expected version). */
function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

@CommandHandler(SweepDeadlinesCommand)
export class SweepDeadlinesHandler implements ICommandHandler<SweepDeadlinesCommand> {
  constructor(
    private readonly queries: ReviewsQueries,
    private readonly notices: DeadlineNotices,
    private readonly calendars: RegionCalendar,
    private readonly notifications: ReviewNotifications,
    @Inject(DEADLINES_CONFIG) private readonly config: Pick<DeadlinesConfig, 'reminderLeadWorkingDays'>,
  ) {}

  async execute(c: SweepDeadlinesCommand): Promise<SweepResult> {
    const tasks = await this.queries.openTasks();
    const calendar = await this.calendars.calendar();
    const streams = await this.notices.recordedMany(tasks.map((t) => t.reviewId));
    const { events, flagged } = deadlineNoticesDue({
      now: c.now,
      tasks,
      calendar,
      reminderLeadWorkingDays: this.config.reminderLeadWorkingDays,
      recorded: [...streams.values()].flatMap((s) => s.keys),
    });
    const byReview = new Map<string, DeadlineNoticeEvent[]>();
    for (const event of events) byReview.set(event.data.reviewId, [...(byReview.get(event.data.reviewId) ?? []), event]);
    const metadata = { now: c.now, actor: DEADLINE_SWEEPER, correlationId: c.correlationId, causationId: null };
    let reminded = 0;
    let escalated = 0;
    let skipped = 0;
    for (const [reviewId, notices] of byReview) {
      try {
        await this.notices.append(reviewId, notices, streams.get(reviewId)?.version ?? 0, metadata, async (tx, recorded) => {
          for (const [i, r] of recorded.entries()) await this.notifications.requestDeadlineNotice(tx, r, notices[i]!);
        });
      } catch (e) {
        if (e instanceof StreamVersionConflictError || isUniqueViolation(e)) {
          skipped++;
          continue;
        }
        throw e;
      }
      reminded += notices.filter((n) => n.type === 'LevelTaskReminded').length;
      escalated += notices.filter((n) => n.type === 'LevelTaskEscalated').length;
    }
    return { at: c.now, openTasks: tasks.length, reminded, escalated, flagged, skipped };
  }
}
