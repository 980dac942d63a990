import type { Actor } from '@budget/domain';
import { noticeId } from '@budget/domain';
import { uuidFromNames } from '@budget/platform';
import { api, eventually } from '../support/api';
import { startAgain, stopService } from '../support/stack';
import { importReference, sheetsOf, withE2eDatabase } from '../support/workflow';

jest.setTimeout(240_000);

// A year of its own, apart from the other e2e files' sheets.
const YEAR = 2043;
const HEAD_ID = 'e2e-deadline-dept-head';
const DAY = 86_400_000;

interface ReviewView {
  reviewId: string;
  status: string;
  currentLevel: string | null;
  round: number;
  dueAt: string | null;
  deadline?: { dueAt: string; dueDate: string; status: string; statusName: string } | null;
  tasks: { level: string; dueAt: string }[];
}
interface Delivery {
  kind: string;
  channel: string;
  recipient: string;
  status: string;
}

/** The event id the sweep gives the escalation of a review's level: review's noticeEventId, computed the same way. */
function escalationEventId(reviewId: string, round: number, level: 'unit_head'): string {
  return uuidFromNames('deadline-notice', noticeId({ reviewId, round, level, kind: 'escalation' }));
}

async function escalationsRecorded(reviewId: string): Promise<number> {
  return withE2eDatabase(async (db) => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM review.events WHERE stream_id = $1 AND type = 'LevelTaskEscalated'`, [`review-deadlines-${reviewId}`]);
    return rows[0]!.n;
  });
}

describe('deadlines in working days', () => {
  let review: ReviewView;

  beforeAll(async () => {
    const imported = await importReference(YEAR);
    const departmentId = imported.departmentId;
    // The department head is told of overdue tasks: a contact by post, who does not sign in.
    expect((await api('review', 'PUT', `/contacts/${HEAD_ID}`, { json: { post: 'department_head', name: '部门负责人', departmentId } })).status).toBe(200);
    const sheet = (await sheetsOf(departmentId, YEAR)).find((s) => s.projectName === '组织工作经费')!;
    const clerk: Actor = { id: 'e2e-deadline-clerk', role: 'unit_clerk', unitId: sheet.unitId, departmentId, name: '经办人' };
    expect((await api('intake', 'POST', `/sheets/${sheet.sheetId}/submit`, { actor: clerk, json: { expectedVersion: sheet.version } })).status).toBe(200);
    const summary = await eventually(
      async () => (await api<{ items: ReviewView[] }>('review', 'GET', `/reviews?sheetId=${sheet.sheetId}`)).body.items.find((r) => r.status === 'awaiting_level'),
      { what: 'the review waiting for the unit head', timeoutMs: 60_000 },
    );
    review = (await api<ReviewView>('review', 'GET', `/reviews/${summary.reviewId}`)).body;
  });

  it('opens the unit head’s task due at the end of its third working day, shown 未到期 in the view', () => {
    expect(review.currentLevel).toBe('unit_head');
    expect(review.deadline).toMatchObject({ dueAt: review.dueAt, status: expect.stringMatching(/^(on_time|due_soon)$/) });
    // Due at the end of a Beijing day (16:00 UTC), not 72 hours after opening.
    expect(review.dueAt).toMatch(/T16:00:00\.000Z$/);
  });

  it('refuses the sweep to anyone but an admin, and a sweep time outside development and test is refused at the route (checked in the unit tests)', async () => {
    const reviewer: Actor = { id: 'e2e-deadline-dept', role: 'department_reviewer', departmentId: 'x', name: '审核人' };
    const res = await api('review', 'POST', '/deadlines/sweep', { actor: reviewer, json: {} });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('escalates a task overdue by working days exactly once across a restart of review: one LevelTaskEscalated, one inbox notification', async () => {
    const at = new Date(Date.parse(review.dueAt!) + 3 * DAY).toISOString();
    const eventId = escalationEventId(review.reviewId, review.round, 'unit_head');

    const first = await api<{ escalated: number }>('review', 'POST', '/deadlines/sweep', { json: { at } });
    expect(first.status).toBe(200);
    expect(first.body.escalated).toBeGreaterThanOrEqual(1);
    expect(await escalationsRecorded(review.reviewId)).toBe(1);

    await stopService('review');
    await startAgain('review');

    const again = await api('review', 'POST', '/deadlines/sweep', { json: { at: new Date(Date.parse(at) + DAY).toISOString() } });
    expect(again.status).toBe(200);
    expect(await escalationsRecorded(review.reviewId)).toBe(1);

    const delivered = await eventually(
      async () => {
        const items = (await api<{ items: Delivery[] }>('review', 'GET', `/notifications?sourceEventId=${eventId}`)).body.items;
        return items.some((d) => d.channel === 'inbox' && d.status === 'delivered') ? items : undefined;
      },
      { what: 'the escalation delivered to the inbox', timeoutMs: 60_000 },
    );
    expect(delivered.filter((d) => d.channel === 'inbox')).toEqual([expect.objectContaining({ kind: 'deadline_escalation', recipient: HEAD_ID, status: 'delivered' })]);
    // Other files' open tasks of the same department may escalate to the same head: this task's entries only.
    const inbox = await withE2eDatabase(
      async (db) =>
        (await db.query(`SELECT body FROM review.notification_inbox WHERE user_id = $1 AND kind = 'deadline_escalation' AND data->>'sourceEventId' = $2`, [HEAD_ID, eventId])).rows as {
          body: string;
        }[],
    );
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.body).toContain('（已通知部门负责人）');

    // After the escalation the task shows 已逾期 as of that moment: the view is computed when read, with the real clock here.
    const view = (await api<ReviewView>('review', 'GET', `/reviews/${review.reviewId}`)).body;
    expect(view.deadline?.dueAt).toBe(review.dueAt);
  });
});
