import { deadlineNoticeStreamId, type ExistingReview, foldReview, upcastDeadlineEvent } from '@budget/domain';
import { Notifier, type RecipientDirectory } from '@budget/notifications';
import type { Pool } from 'pg';
import { DeadlineNotices, noticeEventId } from '../../infrastructure/deadline-notices';
import { UnitNames } from '../../infrastructure/unit-names';
import { ReviewNotifications } from '../../notifications/review-notifications';
import { reviewView } from '../../reviews/review-view';
import { ReviewsQueries } from '../../reviews/reviews.queries';
import { f, givenReview, regionCalendarOf, type ReviewScenario } from '../../testing/review-scenario';
import { SweepDeadlinesCommand, SweepDeadlinesHandler } from './sweep-deadlines.handler';

/**
 * Given: the fixture review waits at the department level, opened Sunday 2025-03-02 16:00 (Beijing),
 * due 72 hours later (Wednesday 2025-03-05 16:00, its last day 2025-03-05); reminders 1 working day ahead.
 */
const AT_DEPARTMENT = f.HISTORIES.department;
const state = foldReview(AT_DEPARTMENT) as ExistingReview;
const openRows = (sql: string) => (sql.includes("status = 'awaiting_level'") ? [{ state: reviewView(state, AT_DEPARTMENT.length) }] : []);

const reviewer = { userId: 'dept-1', role: 'department_reviewer' as const };
const head = { userId: 'head-of-dept', post: 'department_head' };

/** A directory with the level's reviewer and, unless told otherwise, the department's head. */
function directoryWith(supervisors: readonly (typeof head)[]): RecipientDirectory {
  return {
    recipients: (audience) => Promise.resolve(audience.type === 'supervisors' ? supervisors : [reviewer]),
    webhookSubscriptions: () => Promise.resolve([]),
    webhookSubscription: () => Promise.resolve(undefined),
  };
}

function sweeper(s: ReviewScenario, directory = directoryWith([head])): (now: string) => ReturnType<SweepDeadlinesHandler['execute']> {
  const notifier = new Notifier({} as Pool, directory, { schema: 'review', reminderLeadMs: 24 * 3_600_000 });
  const notifications = new ReviewNotifications(notifier, new UnitNames(s.store.transaction()), directory);
  const handler = new SweepDeadlinesHandler(new ReviewsQueries(s.store.transaction()), new DeadlineNotices(s.store), regionCalendarOf(s), notifications, { reminderLeadWorkingDays: 1 });
  return (now) => handler.execute(new SweepDeadlinesCommand(now, `sweep-${now}`));
}

async function notices(s: ReviewScenario) {
  return (await s.store.readStream(deadlineNoticeStreamId(f.REVIEW_ID))).map((r) => ({ id: r.eventId, event: upcastDeadlineEvent(r) }));
}

/** The notification rows the sweep's appends requested: kind, recipient, body. */
function requests(s: ReviewScenario): { kind: string; recipient: string; channel: string; body: string; source: string }[] {
  return s
    .statementsOn('INSERT INTO "review".notification_requests')
    .flatMap((x) => JSON.parse(String(x.params[0])) as { kind: string; recipient: string; channel: string; content: { body: string }; source_event_id: string; deliver_at: string }[])
    .map((r) => ({ kind: r.kind, recipient: r.recipient, channel: r.channel, body: r.content.body, source: r.source_event_id }));
}

describe('sweep-deadlines', () => {
  it('records nothing before the reminder day', async () => {
    const s = await givenReview(AT_DEPARTMENT, { respond: openRows });
    const result = await sweeper(s)('2025-03-03T02:00:00.000Z');
    expect(result).toMatchObject({ openTasks: 1, reminded: 0, escalated: 0, skipped: 0 });
    expect(await notices(s)).toEqual([]);
  });

  it('reminds the level’s reviewers one working day ahead, once, with the working days left, notified at once', async () => {
    const s = await givenReview(AT_DEPARTMENT, { respond: openRows });
    const sweep = sweeper(s);
    expect(await sweep('2025-03-04T02:00:00.000Z')).toMatchObject({ reminded: 1, escalated: 0 });
    expect(await sweep('2025-03-04T03:00:00.000Z')).toMatchObject({ reminded: 0, escalated: 0 });

    const [notice, ...more] = await notices(s);
    expect(more).toEqual([]);
    expect(notice!.id).toBe(noticeEventId({ reviewId: f.REVIEW_ID, round: 1, level: 'department', kind: 'reminder' }));
    expect(notice!.event).toMatchObject({ type: 'LevelTaskReminded', data: { level: 'department', dueDate: '2025-03-05', workingDaysLeft: 1, recipient: { role: 'department_reviewer' } } });
    expect(requests(s)).toEqual([
      { kind: 'deadline_reminder', recipient: 'dept-1', channel: 'inbox', source: notice!.id, body: expect.stringContaining('办理期限为2025-03-05，还剩1个工作日') },
    ]);
  });

  it('escalates an overdue level to the department head once, even when swept again (a restart reads what was recorded)', async () => {
    const s = await givenReview(AT_DEPARTMENT, { respond: openRows });
    expect(await sweeper(s)('2025-03-06T02:00:00.000Z')).toMatchObject({ reminded: 0, escalated: 1 });
    // A new handler over the same store: what a restarted service sees.
    expect(await sweeper(s)('2025-03-07T02:00:00.000Z')).toMatchObject({ reminded: 0, escalated: 0 });

    const all = await notices(s);
    expect(all.map((n) => n.event.type)).toEqual(['LevelTaskEscalated']);
    expect(all[0]!.event.data).toMatchObject({ supervisor: { post: 'department_head', departmentId: f.DEPT }, dueDate: '2025-03-05', overdueWorkingDays: 1 });
    expect(requests(s)).toEqual([
      { kind: 'deadline_escalation', recipient: 'head-of-dept', channel: 'inbox', source: all[0]!.id, body: expect.stringMatching(/已逾期1个工作日，请督促办理。\n（已通知部门负责人）$/) },
    ]);
  });

  it('falls back to the level’s reviewers when no department head is registered, and says so', async () => {
    const s = await givenReview(AT_DEPARTMENT, { respond: openRows });
    await sweeper(s, directoryWith([]))('2025-03-06T02:00:00.000Z');
    expect(requests(s)).toEqual([
      expect.objectContaining({ kind: 'deadline_escalation', recipient: 'dept-1', body: expect.stringContaining('（尚未登记部门负责人，本通知发给本环节审核人）') }),
    ]);
  });

  it('appends nothing twice when two sweeps run at once: the later append is refused and skipped', async () => {
    const s = await givenReview(AT_DEPARTMENT, { respond: openRows });
    const results = await Promise.all([sweeper(s)('2025-03-06T02:00:00.000Z'), sweeper(s)('2025-03-06T02:00:00.000Z')]);
    expect(results.map((r) => r.escalated + r.skipped)).toEqual([1, 1]);
    expect(await notices(s)).toHaveLength(1);
    expect(requests(s).filter((r) => r.kind === 'deadline_escalation')).toHaveLength(1);
  });
});
