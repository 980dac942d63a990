import { type Actor, reviewDecider } from '@budget/domain';
import { reviewFixtures as f } from '@budget/domain/testing';
import { DelegationsReadModel } from '../../delegations/delegations.read-model';
import { InMemoryEventStore, RecordingTransaction } from '@budget/event-store/testing';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { TaskDeadlines } from '../../deadlines/task-deadline';
import { LocalCalendarRepository } from '../../infrastructure/review.repository';
import { ReviewScope } from '../../reviews/review-scope';
import { reviewView } from '../../reviews/review-view';
import { ReviewsQueries } from '../../reviews/reviews.queries';
import { GetReviewHandler, GetReviewQuery, ListReviewsHandler, ListReviewsQuery, ListTasksHandler, ListTasksQuery } from './read-reviews.handlers';

const state = f.play(f.openReview()).reduce(reviewDecider.evolve, reviewDecider.initialState());
const stored = state.status === 'none' ? null : reviewView(state, 3, { 'clerk-1': '张三' });
const row = { review_id: f.REVIEW_ID, sheet_id: f.SHEET_ID, department_id: f.DEPT, unit_id: f.UNIT, current_level: 'unit_head', state: stored };

const deadlines = new TaskDeadlines(new RegionCalendar(new LocalCalendarRepository(new InMemoryEventStore()), { regionId: 'default' }), { reminderLeadWorkingDays: 1 });

function setUp() {
  const db = new RecordingTransaction((sql) => (sql.includes('FROM reviews') ? [sql.includes('review_id = $1') ? row : { state: stored }] : []));
  const queries = new ReviewsQueries(db);
  return { db, queries, scope: new ReviewScope(queries) };
}

describe('read-reviews', () => {
  it('lists a department reviewer’s tasks: waiting for their role, in their department, of the year asked', async () => {
    const { db, queries } = setUp();
    const { items } = await new ListTasksHandler(queries, new DelegationsReadModel(db), deadlines).execute(new ListTasksQuery(f.deptReviewer, 2025));
    expect(items).toEqual([expect.objectContaining({ reviewId: f.REVIEW_ID, currentLevel: 'unit_head', total: stored!.total })]);
    expect(items[0]).not.toHaveProperty('content');
    // Opened in 2025 with 72 hours: long overdue by now.
    expect(items[0]!.deadline).toEqual({ dueAt: f.DUE, dueDate: '2025-03-05', status: 'overdue', statusName: '已逾期' });
    expect(db.statements[0]!.sql).toContain(`status = 'awaiting_level' AND waiting_role = $1 AND department_id = $2 AND fiscal_year = $3`);
    expect(db.statements[0]!.params).toEqual(['department_reviewer', f.DEPT, 2025]);
  });

  it('lists a delegate’s tasks with those of the delegator in force, marked “代X审核”, read in the delegator’s organisation', async () => {
    const delegation = {
      delegationId: 'dlg-1',
      delegator: { id: 'dept-1', role: 'department_reviewer', departmentId: f.DEPT, name: '张三' },
      delegate: { id: 'dept-2', role: 'department_reviewer', departmentId: f.DEPT },
      from: '2025-03-01',
      to: '2025-03-10',
      reason: '出差',
      grantedBy: 'dept-1',
      grantedAt: '2025-02-28T01:00:00.000Z',
      revoked: null,
    };
    const db = new RecordingTransaction((sql) => (sql.includes('FROM delegations') ? [{ delegation, version: 1 }] : sql.includes('FROM reviews') ? [{ state: stored }] : []));
    const delegate: Actor = { id: 'dept-2', role: 'department_reviewer', departmentId: f.DEPT };
    const { items } = await new ListTasksHandler(new ReviewsQueries(db), new DelegationsReadModel(db), deadlines).execute(new ListTasksQuery(delegate, undefined, f.NOW));
    expect(items).toEqual([expect.objectContaining({ reviewId: f.REVIEW_ID, actingFor: [{ delegatorId: 'dept-1', delegatorName: '张三', delegationId: 'dlg-1', label: '代张三审核' }] })]);
    const reads = db.statements.filter((s) => s.sql.includes('FROM reviews'));
    expect(reads.map((s) => s.params)).toEqual([
      ['department_reviewer', f.DEPT],
      ['department_reviewer', f.DEPT],
    ]);
    // Out of its range, the delegation adds nothing.
    const later = await new ListTasksHandler(new ReviewsQueries(db), new DelegationsReadModel(db), deadlines).execute(new ListTasksQuery(delegate, undefined, '2025-03-11T02:00:00.000Z'));
    expect(later.items[0]!.actingFor).toEqual([]);
  });

  it('lists only within the reader’s scope, and refuses a role that reads no reviews', async () => {
    const { db, queries } = setUp();
    await new ListReviewsHandler(queries, deadlines).execute(new ListReviewsQuery(f.unitHead, { status: 'awaiting_level' }));
    expect(db.statements[0]!.params).toEqual([f.UNIT, 'awaiting_level']);
    expect(db.statements[0]!.sql).toContain('WHERE TRUE AND unit_id = $1 AND status = $2');
    const nobody: Actor = { id: 'x', role: 'unit_clerk' };
    await expect(new ListReviewsHandler(queries, deadlines).execute(new ListReviewsQuery(nobody, {}))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows one review to its department and refuses another department', async () => {
    const { scope } = setUp();
    await expect(new GetReviewHandler(scope, deadlines).execute(new GetReviewQuery(f.deptReviewer, f.REVIEW_ID))).resolves.toMatchObject({ reviewId: f.REVIEW_ID, people: { 'clerk-1': '张三' } });
    await expect(new GetReviewHandler(scope, deadlines).execute(new GetReviewQuery(f.otherDeptReviewer, f.REVIEW_ID))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '无权查看其他单位或部门的审核记录',
    });
  });

  it('knows no review the read model does not hold', async () => {
    const queries = new ReviewsQueries(new RecordingTransaction());
    await expect(new GetReviewHandler(new ReviewScope(queries), deadlines).execute(new GetReviewQuery(f.deptReviewer, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
