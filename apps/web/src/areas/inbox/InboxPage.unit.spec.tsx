import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { type InboxItem, linkOf } from './inbox-api';
import { NotificationList } from './InboxPage';

const sheet = { sheetId: 's1', projectName: 'ZXRCBT', fiscalYear: 2025, unitId: 'u1', departmentId: 'd1' };
const revision: InboxItem = { id: 'n1', kind: 'revision_requested', title: '绩效目标退回修改：ZXRCBT', body: '请修改', data: { kind: 'revision_requested', sheet }, createdAt: '2026-12-03T08:00:00Z', readAt: null };
const decision: InboxItem = { id: 'n2', kind: 'final_decision', title: '绩效目标审核通过：ZXRCBT', body: '评定等级：良', data: { kind: 'final_decision', sheet, grade: '良' }, createdAt: '2026-12-03T09:00:00Z', readAt: '2026-12-03T10:00:00Z' };
const waiting: InboxItem = { id: 'n3', kind: 'task_waiting', title: '待审核：ZXRCBT', body: '', data: { kind: 'task_waiting', sheet, taskId: 'r9:department' }, createdAt: '2026-12-03T09:00:00Z', readAt: null };

describe('通知', () => {
  it('shows unread ones bold, read ones not, and marks one read', () => {
    const onMarkRead = jest.fn();
    render(
      <MemoryRouter>
        <NotificationList items={[revision, decision]} linkFor={(n) => linkOf(n, 'unit_clerk')} onMarkRead={onMarkRead} pending={false} />
      </MemoryRouter>,
    );
    const [unreadRow, readRow] = screen.getAllByRole('row').slice(1);
    expect((within(unreadRow!).getByText(revision.title).parentElement as HTMLElement).style.fontWeight).toBe('bold');
    expect((within(readRow!).getByText(decision.title).parentElement as HTMLElement).style.fontWeight).toBe('normal');
    expect(within(readRow!).queryByRole('button', { name: /标为已读/ })).toBeNull();
    fireEvent.click(within(unreadRow!).getByRole('button', { name: `标为已读 ${revision.title}` }));
    expect(onMarkRead).toHaveBeenCalledWith(['n1']);
  });

  it('opening an unread notification marks it read; a revision request leads the clerk to the sheet', () => {
    const onMarkRead = jest.fn();
    render(
      <MemoryRouter>
        <NotificationList items={[revision]} linkFor={(n) => linkOf(n, 'unit_clerk')} onMarkRead={onMarkRead} pending={false} />
      </MemoryRouter>,
    );
    const link = screen.getByRole('link', { name: `查看 ${revision.title}` });
    expect(link.getAttribute('href')).toBe('/sheets/s1');
    fireEvent.click(link);
    expect(onMarkRead).toHaveBeenCalledWith(['n1']);
  });

  it('leads reviewers to the review of a task, or to the reviews of the sheet', () => {
    expect(linkOf(waiting, 'department_reviewer')).toBe('/reviews/r9');
    expect(linkOf(decision, 'unit_head')).toBe('/reviews?sheetId=s1');
    expect(linkOf(decision, 'unit_clerk')).toBe('/sheets/s1');
    expect(linkOf(decision, 'auditor')).toBe('/audit/sheets/s1');
  });

  it('says so when empty', () => {
    render(<NotificationList items={[]} linkFor={() => null} onMarkRead={() => undefined} pending={false} />);
    expect(screen.getByText('暂无通知')).toBeTruthy();
  });
});
