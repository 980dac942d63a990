import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import type { InboxItem } from './inbox-api';
import { InboxPage } from './InboxPage';

const item = (n: number): InboxItem => ({
  id: `n${n}`,
  kind: 'final_decision',
  title: `绩效目标审核通过：项目${n}`,
  body: '',
  data: { sheet: { sheetId: `s${n}`, projectName: `项目${n}`, departmentId: 'd1', unitId: 'u1' } },
  createdAt: '2026-12-03T08:00:00Z',
  readAt: '2026-12-03T09:00:00Z',
});

// Ant Design in jsdom is slow on a busy machine.
jest.setTimeout(60_000);

describe('通知: paging', () => {
  it('shows the newest page and loads older ones with 加载更多 until there are no more', async () => {
    const first = Array.from({ length: 20 }, (_, i) => item(30 - i));
    const older = [item(10), item(9), item(8)];
    const { calls } = fakeApi((call) => (call.query.before === 'n11' ? { items: older, nextBefore: null, unread: 0 } : { items: first, nextBefore: 'n11', unread: 0 }));
    renderApp(<InboxPage />, { actor: { id: 'clerk-1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1' } });
    await screen.findByText('绩效目标审核通过：项目30', {}, { timeout: 10_000 });
    expect(screen.getAllByRole('row')).toHaveLength(1 + 20);
    expect(calls[0]).toMatchObject({ service: 'review', path: '/inbox', query: { limit: '20' } });

    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    await screen.findByText('绩效目标审核通过：项目8', {}, { timeout: 10_000 });
    expect(screen.getAllByRole('row')).toHaveLength(1 + 23);
    expect(calls.find((c) => c.query.before)).toMatchObject({ path: '/inbox', query: { limit: '20', before: 'n11' } });
    await waitFor(() => expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull(), { timeout: 10_000 });
    expect(screen.getByText('共 23 条，已全部显示')).toBeTruthy();
  });

  it('asks only for unread ones when 只看未读 is on', async () => {
    const { calls } = fakeApi(() => ({ items: [], nextBefore: null, unread: 0 }));
    renderApp(<InboxPage />, { actor: { id: 'clerk-1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1' } });
    await screen.findByText('暂无通知', {}, { timeout: 10_000 });
    fireEvent.click(screen.getByRole('switch', { name: '只看未读' }));
    await waitFor(() => expect(calls.some((c) => c.query.unreadOnly === 'true')).toBe(true), { timeout: 10_000 });
  });
});
