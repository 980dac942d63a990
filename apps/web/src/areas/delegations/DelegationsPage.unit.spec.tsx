import '../review/jsdom-message-channel';
import type { Actor } from '@budget/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeApi, refusal } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import type { DelegationItem } from './delegations-api';
import { DelegationsPage } from './DelegationsPage';

const zhang: Actor = { id: 'dept-1', role: 'department_reviewer', departmentId: 'd1', name: '张三' };
const li: Actor = { id: 'dept-2', role: 'department_reviewer', departmentId: 'd1', name: '李四' };

const delegation = (over: Partial<DelegationItem> = {}): DelegationItem => ({
  delegationId: 'dlg-1',
  delegator: { id: zhang.id, role: 'department_reviewer', departmentId: 'd1', name: '张三' },
  delegate: { id: li.id, role: 'department_reviewer', departmentId: 'd1', name: '李四' },
  from: '2026-12-03',
  to: '2026-12-09',
  reason: '出差',
  grantedBy: zhang.id,
  grantedAt: '2026-12-03T01:00:00Z',
  revoked: null,
  status: 'in_force',
  statusLabel: '代理中',
  version: 1,
  ...over,
});

jest.setTimeout(60_000);

describe('代理审批', () => {
  it('lists my delegations with their status; the delegator revokes one with a reason', async () => {
    const api = fakeApi((call) => (call.method === 'GET' ? { items: [delegation()] } : delegation({ status: 'revoked', statusLabel: '已撤销' })));
    renderApp(<DelegationsPage />, { actor: zhang });
    const table = await screen.findByRole('table', { name: '我的代理审批' }, { timeout: 10_000 });
    const [row] = within(table).getAllByRole('row').slice(1);
    expect(within(row!).getByText('李四（dept-2）')).toBeTruthy();
    expect(within(row!).getByText('代理中')).toBeTruthy();
    fireEvent.click(within(row!).getByRole('button', { name: '撤销 李四' }));
    fireEvent.change(await screen.findByLabelText('撤销理由'), { target: { value: '提前返岗' } });
    fireEvent.click(screen.getByRole('button', { name: /^撤\s?销$/ }));
    await waitFor(() => expect(api.writes()).toHaveLength(1));
    expect(api.writes()[0]).toMatchObject({ method: 'POST', path: '/delegations/dlg-1/revoke', body: { reason: '提前返岗' } });
  });

  it('the delegate sees it but cannot revoke it', async () => {
    fakeApi(() => ({ items: [delegation()] }));
    renderApp(<DelegationsPage />, { actor: li });
    const table = await screen.findByRole('table', { name: '我的代理审批' }, { timeout: 10_000 });
    expect(within(table).queryByRole('button', { name: /撤销/ })).toBeNull();
  });

  it('grants a delegation for a date range with a reason, and shows the service’s refusal in Chinese', async () => {
    const api = fakeApi((call) => {
      if (call.method === 'GET') return { items: [] };
      throw refusal(403, 'FORBIDDEN', '只能委托给本单位（本部门）的人员');
    });
    renderApp(<DelegationsPage />, { actor: zhang });
    const form = await screen.findByRole('form', { name: '委托代理审批' });
    fireEvent.change(within(form).getByLabelText('受托人（人员编号）'), { target: { value: ' dept-9 ' } });
    fireEvent.change(within(form).getByLabelText('开始日期'), { target: { value: '2026-12-10' } });
    fireEvent.change(within(form).getByLabelText('结束日期'), { target: { value: '2026-12-12' } });
    fireEvent.change(within(form).getByLabelText('委托理由'), { target: { value: '请假' } });
    fireEvent.click(within(form).getByRole('button', { name: /^委\s?托$/ }));
    await waitFor(() => expect(api.writes()).toHaveLength(1));
    expect(api.writes()[0]).toMatchObject({ method: 'POST', path: '/delegations', body: { delegateId: 'dept-9', from: '2026-12-10', to: '2026-12-12', reason: '请假' } });
    expect(await screen.findByText('只能委托给本单位（本部门）的人员')).toBeTruthy();
  });

  it('an auditor sees every delegation, with no form', async () => {
    fakeApi(() => ({ items: [delegation(), delegation({ delegationId: 'dlg-2', status: 'revoked', statusLabel: '已撤销' })] }));
    renderApp(<DelegationsPage />, { actor: { id: 'a1', role: 'auditor' } });
    expect(await screen.findByText('代理审批记录')).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
    expect(await screen.findByText('已撤销')).toBeTruthy();
  });
});
