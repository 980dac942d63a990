import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { ClerkTasks, ReviewerTasks } from './TasksPage';
import type { ClerkSheet, ReviewSummary } from './tasks-api';

const task = (reviewId: string, projectName: string, dueAt: string | null): ReviewSummary => ({
  reviewId,
  sheetId: `s-${reviewId}`,
  submissionNo: 1,
  round: 1,
  fiscalYear: 2025,
  departmentId: 'd1',
  unitId: 'u1',
  projectName,
  total: '30.00',
  status: 'awaiting_level',
  currentLevel: 'department',
  currentLevelName: '主管部门',
  dueAt,
  version: 3,
  findings: [],
  open: { unacknowledgedWarnings: [], unwaivedBlockingFindings: [] },
});

const rows = () => screen.getAllByRole('row').slice(1);

describe('待办', () => {
  const now = new Date('2026-12-05T00:00:00Z');

  it('lists reviews soonest due first and marks the overdue ones 已逾期', () => {
    render(
      <MemoryRouter>
        <ReviewerTasks now={now} tasks={[task('r2', '干部工作经费', '2026-12-08T00:00:00Z'), task('r1', 'ZXRCBT', '2026-12-04T00:00:00Z'), task('r3', '组织工作经费', '2026-12-06T00:00:00Z')]} />
      </MemoryRouter>,
    );
    expect(rows().map((r) => within(r).getAllByRole('link')[0]?.textContent)).toEqual(['ZXRCBT', '组织工作经费', '干部工作经费']);
    const [overdue, soon] = rows();
    expect(within(overdue!).getByText('已逾期')).toBeTruthy();
    expect(within(soon!).queryByText('已逾期')).toBeNull();
    expect(screen.getAllByText('已逾期')).toHaveLength(1);
    expect(within(overdue!).getByRole('link', { name: 'ZXRCBT' }).getAttribute('href')).toBe('/reviews/r1');
  });

  it('marks a delegator’s task “代X审核” and opens it acting for them (代理审批)', () => {
    const delegated = { ...task('r4', '党建经费', null), actingFor: [{ delegatorId: 'dept-1', delegatorName: '张三', delegationId: 'dlg-1', label: '代张三审核' }] };
    render(
      <MemoryRouter>
        <ReviewerTasks now={now} tasks={[delegated, task('r5', '组织工作经费', null)]} />
      </MemoryRouter>,
    );
    const [mine, theirs] = [rows().find((r) => within(r).queryByText('组织工作经费'))!, rows().find((r) => within(r).queryByText('党建经费'))!];
    expect(within(theirs).getByText('代张三审核')).toBeTruthy();
    expect(within(theirs).getByRole('link', { name: '党建经费' }).getAttribute('href')).toBe('/reviews/r4?actingFor=dept-1');
    expect(within(mine).queryByText(/代.*审核/)).toBeNull();
    expect(within(mine).getByRole('link', { name: '组织工作经费' }).getAttribute('href')).toBe('/reviews/r5');
  });

  it('shows the service’s deadline status: 即将到期 and 已逾期 by working days, 期限待定 when the year is not in the calendar', () => {
    const withDeadline = (t: ReviewSummary, status: 'on_time' | 'due_soon' | 'overdue' | 'unknown_calendar'): ReviewSummary => ({
      ...t,
      deadline: { dueAt: t.dueAt!, dueDate: t.dueAt!.slice(0, 10), status, statusName: '' },
    });
    render(
      <MemoryRouter>
        <ReviewerTasks
          now={now}
          tasks={[
            withDeadline(task('r1', '甲项目', '2026-12-07T16:00:00Z'), 'overdue'),
            withDeadline(task('r2', '乙项目', '2026-12-08T16:00:00Z'), 'due_soon'),
            withDeadline(task('r3', '丙项目', '2026-12-20T16:00:00Z'), 'on_time'),
            withDeadline(task('r4', '丁项目', '2027-01-20T16:00:00Z'), 'unknown_calendar'),
          ]}
        />
      </MemoryRouter>,
    );
    const [a, b, c, d] = rows();
    // The service says overdue (a working-day deadline) although the clock alone would not.
    expect(within(a!).getByText('已逾期')).toBeTruthy();
    expect(within(b!).getByText('即将到期')).toBeTruthy();
    expect(within(c!).queryByText(/到期|逾期|待定/)).toBeNull();
    expect(within(d!).getByText('期限待定（节假日安排未收录）')).toBeTruthy();
  });

  it('says so when there is nothing to do', () => {
    render(
      <MemoryRouter>
        <ReviewerTasks tasks={[]} />
      </MemoryRouter>,
    );
    expect(screen.getByText('暂无待办事项')).toBeTruthy();
  });

  it('a clerk sees the sheets sent back first, then drafts, each linking to the sheet', () => {
    const sheet = (sheetId: string, projectName: string, status: ClerkSheet['status']): ClerkSheet => ({ sheetId, version: 1, status, fiscalYear: 2025, unitId: 'u1', projectName, funding: { total: '3.00' } });
    render(
      <MemoryRouter>
        <ClerkTasks sheets={[sheet('a', '党建经费', 'draft'), sheet('b', '党史研究专项经费', 'revision_requested')]} />
      </MemoryRouter>,
    );
    expect(rows().map((r) => within(r).getAllByRole('link')[0]?.textContent)).toEqual(['党史研究专项经费', '党建经费']);
    expect(screen.getByRole('link', { name: '党史研究专项经费' }).getAttribute('href')).toBe('/sheets/b');
    expect(screen.getByText('退回修改')).toBeTruthy();
  });
});
