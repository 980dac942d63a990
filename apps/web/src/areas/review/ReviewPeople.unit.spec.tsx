import './jsdom-message-channel';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { fakeApi } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import { reviewAt, WARNING } from './review-fixture';
import { ReviewPage } from './ReviewPage';

jest.setTimeout(60_000);

/** Waiting at finance: the unit head approved, the department granted the waiver and approved. */
const review = reviewAt('finance', [WARNING], {
  submittedBy: 'clerk-1',
  people: { 'clerk-1': '王经办', 'head-1': '李科长', 'dept-1': '赵处长' },
  tasks: [
    { level: 'unit_head', role: 'unit_head', mayWaive: false, openedAt: '2026-12-03T08:00:00Z', dueAt: '2026-12-06T08:00:00Z', acknowledgements: [], waiverDecisions: [], decision: { kind: 'approved', by: 'head-1', at: '2026-12-03T09:00:00Z', comments: null, grade: null, conditions: null } },
    {
      level: 'department',
      role: 'department_reviewer',
      mayWaive: true,
      openedAt: '2026-12-03T09:00:00Z',
      dueAt: '2026-12-06T09:00:00Z',
      acknowledgements: [],
      waiverDecisions: [{ by: 'dept-1', at: '2026-12-03T10:00:00Z', findingKeys: ['S01@goal'], granted: true, reason: '按公开的目标表' }],
      decision: { kind: 'approved', by: 'dept-1', at: '2026-12-03T10:05:00Z', comments: null, grade: null, conditions: null },
    },
    { level: 'finance', role: 'finance_reviewer', mayWaive: false, openedAt: '2026-12-03T10:05:00Z', dueAt: '2026-12-06T10:05:00Z', acknowledgements: [], waiverDecisions: [], decision: null },
  ],
});

describe('审核: people by name', () => {
  it('names the submitter and each level’s reviewer as the service knows them, not by user id', async () => {
    fakeApi(() => review);
    renderApp(
      <Routes>
        <Route path="/reviews/:reviewId" element={<ReviewPage />} />
      </Routes>,
      { actor: { id: 'fin-1', role: 'finance_reviewer', name: '钱财政' }, path: '/reviews/r1' },
    );
    expect((await screen.findByTestId('review-submitted-by', {}, { timeout: 10_000 })).textContent).toBe('王经办');
    const chain = screen.getByLabelText('审核流程');
    expect(within(chain).getByText('李科长')).toBeTruthy();
    expect(within(chain).getAllByText('赵处长').length).toBeGreaterThan(0);
    expect(within(chain).getByText(/同意豁免 1 项（赵处长）/)).toBeTruthy();
    expect(within(chain).queryByText('head-1')).toBeNull();
    expect(within(chain).queryByText('dept-1')).toBeNull();
  });

  it('falls back to the id of someone the service has no name for', async () => {
    fakeApi(() => ({ ...review, people: {} }));
    renderApp(
      <Routes>
        <Route path="/reviews/:reviewId" element={<ReviewPage />} />
      </Routes>,
      { actor: { id: 'fin-1', role: 'finance_reviewer' }, path: '/reviews/r1' },
    );
    expect((await screen.findByTestId('review-submitted-by', {}, { timeout: 10_000 })).textContent).toBe('clerk-1');
    expect(within(screen.getByLabelText('审核流程')).getByText('head-1')).toBeTruthy();
  });

  it('代理审批: says which level a delegate decided for whom, and, opened from a delegated task, acts for the delegator', async () => {
    const delegated = {
      ...review,
      people: { ...review.people, 'dept-2': '孙代理' },
      tasks: review.tasks.map((t) => (t.level === 'department' && t.decision ? { ...t, decision: { ...t.decision, by: 'dept-2', actingFor: { delegatorId: 'dept-1', delegationId: 'dlg-1' } } } : t)),
    };
    const api = fakeApi((call) => (call.method === 'GET' ? delegated : delegated));
    renderApp(
      <Routes>
        <Route path="/reviews/:reviewId" element={<ReviewPage />} />
      </Routes>,
      { actor: { id: 'fin-4', role: 'finance_reviewer', name: '周代理' }, path: '/reviews/r1?actingFor=fin-3' },
    );
    expect((await screen.findByTestId('acting-for', {}, { timeout: 10_000 })).textContent).toBe('（代赵处长审核）');
    expect(screen.getByTestId('acting-for-notice').textContent).toContain('代fin-3审核');
    fireEvent.click(screen.getByRole('button', { name: '确认警告' }));
    await waitFor(() => expect(api.writes()).toHaveLength(1));
    expect(api.writes()[0]).toMatchObject({ path: '/reviews/r1/acknowledge-warnings', body: { actingFor: 'fin-3' } });
  });
});
